package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.BadCredentialsException.Reason;
import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("LdapAccountDirectory on the embedded server")
class LdapDirectoryBehaviourTest {
  private static final String PEOPLE = "ou=people,dc=uncloud,dc=test";
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Username RAPLAB = Username.of("raplab");

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  private static LdapAccountDirectoryBuilder builder() {
    EmbeddedLdapServer server = LDAP.server();
    return LdapAccountDirectory.builder()
        .urls(server.url())
        .tls(LdapTls.NONE).allowPlain(true)
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn())
        .groupBase("ou=groups," + server.baseDn())
        .poolSize(1);
  }

  private static void modify(String dn, Modification... changes) throws Exception {
    try (LDAPConnection connection = LDAP.server().openServiceConnection()) {
      connection.modify(dn, changes);
    }
  }

  @Nested
  @DisplayName("a group's members")
  class Members {
    @Test
    @DisplayName("are read from a groupOfUniqueNames' uniqueMember DNs; a DN outside the user base is left out")
    void uniqueMembers() throws Exception {
      try (LDAPConnection connection = LDAP.server().openServiceConnection()) {
        connection.add("dn: cn=print-staff,ou=groups,dc=uncloud,dc=test", "objectClass: groupOfUniqueNames",
            "cn: print-staff", "uniqueMember: uid=physiker," + PEOPLE,
            "uniqueMember: cn=lab-admins,ou=groups,dc=uncloud,dc=test");
      }
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.members("print-staff")).containsExactly(Username.of("physiker"));
      }
    }

    @Test
    @DisplayName("of a group DN that does not exist are none")
    void unknownGroupDn() {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.members("cn=no-such-group,ou=groups,dc=uncloud,dc=test")).isEmpty();
      }
    }

    @Test
    @DisplayName("a group name matching several groups is a configuration error asking for the DN")
    void ambiguousGroupName() throws Exception {
      try (LDAPConnection connection = LDAP.server().openServiceConnection()) {
        connection.add("dn: ou=old,ou=groups,dc=uncloud,dc=test", "objectClass: organizationalUnit", "ou: old");
        connection.add("dn: cn=arch-students,ou=old,ou=groups,dc=uncloud,dc=test", "objectClass: groupOfNames",
            "cn: arch-students", "member: uid=physiker," + PEOPLE);
      }
      try (LdapAccountDirectory directory = builder().build()) {
        assertThatThrownBy(() -> directory.members("arch-students"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("by its DN");
      }
    }
  }

  @Nested
  @DisplayName("the lock flag")
  class LockFlag {
    @Test
    @DisplayName("is written only when it changes")
    void idempotentWrites() {
      try (LdapAccountDirectory directory = builder().build()) {
        long before = LDAP.server().modifyCount();
        directory.setLocked(NETHZ, false);
        directory.setLocked(Username.of("schuldner"), true);
        assertThat(LDAP.server().modifyCount()).isEqualTo(before);

        directory.setLocked(NETHZ, true);
        directory.setLocked(NETHZ, true);
        assertThat(LDAP.server().modifyCount()).isEqualTo(before + 1);
        assertThat(LDAP.server().entry("uid=nethzuser," + PEOPLE).orElseThrow().getAttributeValue("vppLock"))
            .isEqualTo("TRUE");
      }
    }

    @Test
    @DisplayName("adds the uncloudAccount class to an entry that lacks it")
    void addsObjectClass() {
      try (LdapAccountDirectory directory = builder().build()) {
        directory.setLocked(RAPLAB, true);

        Entry entry = LDAP.server().entry("uid=raplab," + PEOPLE).orElseThrow();
        assertThat(entry.hasObjectClass("uncloudAccount")).isTrue();
        assertThat(entry.getAttributeValue("vppLock")).isEqualTo("TRUE");
        assertThat(directory.isLocked(RAPLAB)).isTrue();
      }
    }

    @Test
    @DisplayName("without the class to add, a schema refusal is a configuration error naming the fix")
    void schemaRefusal() {
      try (LdapAccountDirectory directory = builder().lockObjectClass(null).build()) {
        assertThatThrownBy(() -> directory.setLocked(RAPLAB, true)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("lock-object-class");
      }
    }

    @Test
    @DisplayName("uses the configured attribute and values")
    void customValues() {
      try (LdapAccountDirectory directory = builder().lockFlag("vppLock", "yes", "no").build()) {
        directory.setLocked(NETHZ, true);
        assertThat(LDAP.server().entry("uid=nethzuser," + PEOPLE).orElseThrow().getAttributeValue("vppLock"))
            .isEqualTo("yes");
        assertThat(directory.isLocked(NETHZ)).isTrue();
        directory.setLocked(NETHZ, false);
        assertThat(directory.isLocked(NETHZ)).isFalse();
      }
    }

    @Test
    @DisplayName("an unrecognised value counts as locked, and unlocking overwrites it")
    void unrecognisedValueFailsClosed() throws Exception {
      modify("uid=nethzuser," + PEOPLE, new Modification(ModificationType.REPLACE, "vppLock", "maybe"));
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.isLocked(NETHZ)).isTrue();
        directory.setLocked(NETHZ, false);
        assertThat(directory.isLocked(NETHZ)).isFalse();
      }
    }
  }

  @Nested
  @DisplayName("user names and group names")
  class Escaping {
    @ParameterizedTest(name = "user name {0}")
    @ValueSource(strings = {"*", "*)(uid=*", "nethzuser)(|(uid=*", "nethz*", "\\2a", "uid=nethzuser," + PEOPLE,
        "nethzuser\\", "(uid=nethzuser)"})
    @DisplayName("metacharacters find nobody and authenticate nobody")
    void injectedNames(String name) {
      try (LdapAccountDirectory directory = builder().build()) {
        Username user = Username.of(name);
        assertThat(directory.find(user)).isEmpty();
        assertThatThrownBy(() -> directory.authenticate(user, Secret.of("nethzpass")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_NAME));
        assertThat(directory.isAuthorized(user, "")).isFalse();
        assertThat(directory.isMember(user, "lab-admins")).isFalse();
      }
    }

    @ParameterizedTest(name = "group name {0}")
    @ValueSource(strings = {"*", "lab-admins)(cn=*", "lab*", "*)(|(cn=*"})
    @DisplayName("metacharacters in a group name match no group")
    void injectedGroups(String group) {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.isMember(RAPLAB, group)).isFalse();
      }
    }

    @Test
    @DisplayName("a group may be named by its DN")
    void groupByDn() {
      try (LdapAccountDirectory directory = builder().groupBase(null).build()) {
        assertThat(directory.isMember(RAPLAB, "cn=lab-admins,ou=groups,dc=uncloud,dc=test")).isTrue();
        assertThat(directory.isMember(NETHZ, "cn=lab-admins,ou=groups,dc=uncloud,dc=test")).isFalse();
        assertThat(directory.isMember(RAPLAB, "cn=nothing,ou=groups,dc=uncloud,dc=test")).isFalse();
      }
    }

    @Test
    @DisplayName("a user name differing only in case resolves to the directory's spelling")
    void canonicalName() {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.authenticate(Username.of("NethzUser"), Secret.of("nethzpass")).username())
            .isEqualTo(NETHZ);
      }
    }
  }

  @Nested
  @DisplayName("authentication")
  class Authentication {
    @Test
    @DisplayName("an empty password is refused without any bind reaching the server")
    void emptyPasswordNeverBinds() {
      try (LdapAccountDirectory directory = builder().build()) {
        long binds = LDAP.server().bindCount();
        assertThatThrownBy(() -> directory.authenticate(NETHZ, Secret.of("")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
        assertThat(LDAP.server().bindCount()).isEqualTo(binds);
      }
    }

    @Test
    @DisplayName("an unknown name costs a bind like a known one, so timing does not reveal which names exist")
    void unknownNameStillBinds() {
      try (LdapAccountDirectory directory = builder().build()) {
        long binds = LDAP.server().bindCount();
        assertThatThrownBy(() -> directory.authenticate(Username.of("nobody"), Secret.of("guess")))
            .isInstanceOf(BadCredentialsException.class);
        assertThat(LDAP.server().bindCount()).isEqualTo(binds + 1);
      }
    }

    @Test
    @DisplayName("an account matching the disabled filter is refused only with the right password")
    void disabledAccount() throws Exception {
      modify("uid=erstsemester," + PEOPLE, new Modification(ModificationType.ADD, "description", "disabled"));
      try (LdapAccountDirectory directory = builder().disabledFilter("(description=disabled)").build()) {
        Username erst = Username.of("erstsemester");
        assertThatThrownBy(() -> directory.authenticate(erst, Secret.of("erstpass")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.ACCOUNT_DISABLED));
        assertThatThrownBy(() -> directory.authenticate(erst, Secret.of("wrong")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
        assertThat(directory.authenticate(NETHZ, Secret.of("nethzpass")).username()).isEqualTo(NETHZ);
      }
    }

    @Test
    @DisplayName("works with a fresh connection per bind when the bind pool is switched off")
    void withoutBindPool() {
      try (LdapAccountDirectory directory = builder().bindPoolSize(0).build()) {
        assertThat(directory.authenticate(NETHZ, Secret.of("nethzpass")).username()).isEqualTo(NETHZ);
        assertThatThrownBy(() -> directory.authenticate(NETHZ, Secret.of("wrong")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
      }
    }

    @Test
    @DisplayName("the account holds no password attribute and the directory's text names no secret")
    void noSecretsExposed() {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.authenticate(NETHZ, Secret.of("nethzpass")).attributes())
            .doesNotContainKeys("userpassword").containsKey("studyyear");
        assertThat(directory.toString()).doesNotContain(LDAP.server().bindPassword());
      }
    }

    @Test
    @DisplayName("a user filter hides entries outside it")
    void userFilter() {
      try (LdapAccountDirectory directory = builder().userFilter("(objectClass=uncloudAccount)").build()) {
        assertThat(directory.find(RAPLAB)).isEmpty();
        assertThat(directory.find(NETHZ)).isPresent();
        assertThatThrownBy(() -> directory.authenticate(RAPLAB, Secret.of("verygeheim")))
            .isInstanceOfSatisfying(BadCredentialsException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_NAME));
      }
    }
  }

  @Nested
  @DisplayName("access rules")
  class AccessRules {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"(&(departmentNumber=D-ARCH", ")(", "(studyYear>=2))", "(&(a=b)(c=d)", "(cn=*)(uid=x)"})
    @DisplayName("malformed rules are invalid arguments, even for unknown users")
    void malformed(String rule) {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThatThrownBy(() -> directory.isAuthorized(NETHZ, rule)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
            .hasMessageContaining("not a valid LDAP filter");
        assertThatThrownBy(() -> directory.isAuthorized(Username.of("nobody"), rule))
            .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
      }
    }

    @Test
    @DisplayName("ordering, presence and negation rules are evaluated by the server")
    void richRules() {
      try (LdapAccountDirectory directory = builder().build()) {
        assertThat(directory.isAuthorized(NETHZ, "(studyYear>=3)")).isTrue();
        assertThat(directory.isAuthorized(Username.of("physiker"), "(studyYear>=3)")).isFalse();
        assertThat(directory.isAuthorized(Username.of("physiker"), "(studyYear<=2)")).isTrue();
        assertThat(directory.isAuthorized(RAPLAB, "(departmentNumber=*)")).isFalse();
        assertThat(directory.isAuthorized(RAPLAB, "(!(departmentNumber=*))")).isTrue();
        assertThat(directory.isAuthorized(NETHZ, "(|(departmentNumber=D-PHYS)(vppLock=FALSE))")).isTrue();
        assertThat(directory.isAuthorized(Username.of("schuldner"), "(&(departmentNumber=D-ARCH)(vppLock=FALSE))"))
            .isFalse();
      }
    }
  }
}
