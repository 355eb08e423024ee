package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryLedger;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.nio.file.Path;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uncloud against a real OpenLDAP slapd that no one set up for uncloud: its own schema
 * ({@code institution.schema}: the auxiliary class vppAccount with a BOOLEAN vppLock and an INTEGER
 * studyYear), without uncloud's uncloudAccount, and a guest entry without vppAccount.
 */
@DisplayName("An institution's slapd with a schema of its own (vppAccount, BOOLEAN vppLock, no uncloudAccount)")
class InstitutionSchemaSlapdTest {
  private static final String PEOPLE = "ou=people," + SlapdServer.BASE_DN;

  @TempDir
  static Path directory;
  static SlapdServer slapd;

  @BeforeAll
  static void start() throws Exception {
    slapd = SlapdServer.startWithSchema(directory, "institution.schema", "ch/uncloud/ldap/institution-directory.ldif");
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  /** The keys an operator writes for this directory; {@code extra} adds or replaces keys. */
  private static ProviderConfig config(String... extra) {
    Map<String, String> keys = new HashMap<>(Map.of(
        "uncloud.ldap.urls", slapd.url(),
        "uncloud.ldap.tls", "none",
        "uncloud.ldap.bind-dn", SlapdServer.ROOT_DN,
        "uncloud.ldap.bind-password", "env:SLAPD_PASSWORD",
        "uncloud.ldap.user-base", PEOPLE,
        "uncloud.ldap.group-base", "ou=groups," + SlapdServer.BASE_DN));
    for (int i = 0; i < extra.length; i += 2) {
      keys.put(extra[i], extra[i + 1]);
    }
    return ProviderConfig.of(keys).withEnvironment(Map.of("SLAPD_PASSWORD", SlapdServer.ROOT_PASSWORD));
  }

  private static LdapAccountDirectory directory(ProviderConfig config) {
    return (LdapAccountDirectory) new LdapAccountDirectoryProvider().create(config);
  }

  private static SearchResultEntry entry(String uid) throws Exception {
    try (LDAPConnection root = slapd.rootConnection()) {
      return root.getEntry("uid=" + uid + "," + PEOPLE, "*");
    }
  }

  private static Uncloud lab(LdapAccountDirectory directory, String accessFilter) {
    return UncloudCore.builder().ledger(InMemoryLedger.create()).directory(directory)
        .currency(Currency.getInstance("CHF")).admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00")
            .accessFilter(accessFilter).build())
        .build();
  }

  @Test
  @DisplayName("the default lock-object-class uncloudAccount is refused at start, with vppAccount as the fix")
  void missingLockObjectClassRefused() {
    assertThatThrownBy(() -> directory(config()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.lock-object-class uncloudAccount is not in the directory's schema")
        .hasMessageContaining("uncloud.ldap.lock-object-class=vppAccount");
  }

  @Test
  @DisplayName("a lock attribute the schema does not have is refused at start, naming the key")
  void missingLockAttributeRefused() {
    assertThatThrownBy(() -> directory(config("uncloud.ldap.lock-attribute", "uncloudLock",
        "uncloud.ldap.lock-object-class", "none")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.lock-attribute uncloudLock is not in the directory's schema");
  }

  @Test
  @DisplayName("lock values a BOOLEAN attribute cannot hold (yes/no) are refused at start")
  void booleanSyntaxValuesRefused() {
    assertThatThrownBy(() -> directory(config("uncloud.ldap.lock-object-class", "vppAccount",
        "uncloud.ldap.lock-true", "yes", "uncloud.ldap.lock-false", "no")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Boolean syntax")
        .hasMessageContaining("'yes'")
        .hasMessageContaining("'no'");
  }

  @Test
  @DisplayName("with lock-object-class=vppAccount an entry without the class gets it with the flag, and TRUE/FALSE round-trip")
  void lockObjectClassAddedWhenMissing() throws Exception {
    try (LdapAccountDirectory directory = directory(config("uncloud.ldap.lock-object-class", "vppAccount"))) {
      directory.setLocked(Username.of("gast"), true);

      assertThat(entry("gast").getObjectClassValues()).contains("vppAccount");
      assertThat(entry("gast").getAttributeValue("vppLock")).isEqualTo("TRUE");
      assertThat(directory.isLocked(Username.of("gast"))).isTrue();
      directory.setLocked(Username.of("gast"), false);
      assertThat(entry("gast").getAttributeValue("vppLock")).isEqualTo("FALSE");
    }
  }

  @Test
  @DisplayName("a charge whose flag write the schema refuses says lock_pending, and reconciliation writes it once the entry allows it")
  void refusedFlagWriteIsPendingThenReconciled() throws Exception {
    LdapAccountDirectory directory = directory(config("uncloud.ldap.lock-object-class", "none"));
    try (Uncloud uncloud = lab(directory, "")) {
      CreditService credit = uncloud.credit();
      Charge charge = credit.chargeUser("raplab", Secret.of("verygeheim"),
          ChargeRequest.of("lasercutter", "besuch", "5.00", "CHF", "guest cut"));

      assertThat(charge.locked()).isTrue();
      assertThat(charge.lockPending()).isTrue();
      assertThat(entry("besuch").getAttributeValue("vppLock")).isNull();

      try (LDAPConnection root = slapd.rootConnection()) {
        root.modify("uid=besuch," + PEOPLE, new Modification(ModificationType.ADD, "objectClass", "vppAccount"));
      }

      assertThat(credit.reconcileLocks().corrected()).containsExactly(Username.of("besuch"));
      assertThat(entry("besuch").getAttributeValue("vppLock")).isEqualTo("TRUE");
    }
  }

  @Test
  @DisplayName("an access filter with >= on an attribute without an ORDERING rule is refused at start, naming it")
  void accessFilterWithoutOrderingRefused() {
    LdapAccountDirectory directory = directory(config("uncloud.ldap.lock-object-class", "vppAccount"));
    try {
      assertThatThrownBy(() -> lab(directory, "(&(departmentNumber=D-ARCH)(employeeNumber>=2))"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("uncloud.service.lasercutter.access-filter")
          .hasMessageContaining("employeeNumber has no ORDERING matching rule");
      assertThatThrownBy(() -> lab(directory, "(semester>=2)"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("semester is not an attribute of the directory's schema");
    } finally {
      directory.close();
    }
  }

  @Test
  @DisplayName("an access filter on the institution's INTEGER studyYear is accepted and decides")
  void accessFilterWithOrderingDecides() {
    try (Uncloud uncloud = lab(directory(config("uncloud.ldap.lock-object-class", "vppAccount")),
        "(&(departmentNumber=D-ARCH)(studyYear>=2))")) {
      ServiceName cutter = ServiceName.of("lasercutter");

      assertThat(uncloud.credit().mayStart(cutter, Username.of("nethzuser")).reason()).isEqualTo("ok");
      assertThat(uncloud.credit().mayStart(cutter, Username.of("erstsemester")).reason()).isEqualTo("not_authorized");
    }
  }

  @Test
  @DisplayName("plain ldap:// is one choice, tls=none; allow-plain=false next to it is refused with the fix")
  void plainLdapIsOneChoice() {
    try (LdapAccountDirectory directory = directory(config("uncloud.ldap.lock-object-class", "vppAccount"))) {
      assertThat(directory.find(Username.of("nethzuser"))).isPresent();
    }
    assertThatThrownBy(() -> directory(config("uncloud.ldap.lock-object-class", "vppAccount",
        "uncloud.ldap.allow-plain", "false")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("remove uncloud.ldap.allow-plain");
  }
}
