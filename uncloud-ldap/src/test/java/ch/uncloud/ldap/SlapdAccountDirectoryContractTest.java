package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testkit.DirectoryProbe;
import ch.uncloud.testkit.InMemoryLedger;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real OpenLDAP slapd, whose ACLs let a user read only their own entry: a
 * service pool that ever changed its identity to a user would fail these tests.
 */
@DisplayName("LdapAccountDirectory on a real OpenLDAP slapd fulfils the account-directory contract")
class SlapdAccountDirectoryContractTest extends AccountDirectoryContract {
  private static Path directory;
  private static SlapdServer slapd;

  @BeforeAll
  static void startSlapd() throws Exception {
    directory = Files.createTempDirectory("uncloud-slapd");
    slapd = SlapdServer.start(directory, AccountDirectoryContract.SEED_LDIF);
  }

  @AfterAll
  static void stopSlapd() throws Exception {
    if (slapd != null) {
      slapd.close();
    }
    if (directory != null) {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  protected AccountDirectory newDirectory() {
    return builder().build();
  }

  @Override
  protected DirectoryProbe probe() {
    return new LdapDirectoryProbe(slapd.port(), SlapdServer.ROOT_DN, SlapdServer.ROOT_PASSWORD,
        "ou=people," + SlapdServer.BASE_DN);
  }

  private static LdapAccountDirectoryBuilder builder() {
    return LdapAccountDirectory.builder()
        .urls(slapd.url())
        .tls(LdapTls.NONE).allowPlain(true)
        .bind(SlapdServer.ROOT_DN, Secret.of(SlapdServer.ROOT_PASSWORD))
        .userBase("ou=people," + SlapdServer.BASE_DN)
        .groupBase("ou=groups," + SlapdServer.BASE_DN)
        .poolSize(2);
  }

  @Test
  @DisplayName("group membership is read from slapd's memberOf even without a group base")
  void memberOfWithoutGroupBase() {
    try (LdapAccountDirectory memberOfOnly = builder().groupBase(null).build()) {
      assertThat(memberOfOnly.isMember(Username.of("raplab"), "lab-admins")).isTrue();
      assertThat(memberOfOnly.isMember(Username.of("nethzuser"), "lab-admins")).isFalse();
    }
  }

  @Test
  @DisplayName("a posixGroup's memberUid names are members too, a name no user has is left out")
  void posixGroupMemberUids() throws Exception {
    String dn = "cn=lab-staff,ou=groups," + SlapdServer.BASE_DN;
    try (LDAPConnection root = slapd.rootConnection()) {
      root.add("dn: " + dn, "objectClass: posixGroup", "cn: lab-staff", "gidNumber: 4711",
          "memberUid: raplab", "memberUid: PHYSIKER", "memberUid: ausgetreten");
      try (LdapAccountDirectory ldap = builder().build()) {
        assertThat(ldap.members("lab-staff")).containsExactly(Username.of("physiker"), Username.of("raplab"));
        assertThat(ldap.members(dn)).containsExactly(Username.of("physiker"), Username.of("raplab"));
      } finally {
        root.delete(dn);
      }
    }
  }

  @Test
  @DisplayName("a group named by cn without a group base is a configuration error naming the key")
  void membersWithoutGroupBase() {
    try (LdapAccountDirectory noGroupBase = builder().groupBase(null).build()) {
      assertThatThrownBy(() -> noGroupBase.members("arch-students"))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ldap.group-base");
      assertThat(noGroupBase.members("cn=arch-students,ou=groups," + SlapdServer.BASE_DN)).hasSize(2);
    }
  }

  @Test
  @DisplayName("a password-policy lockout is refused as a disabled account, with the same message")
  void passwordPolicyLockout() throws Exception {
    String dn = "uid=erstsemester,ou=people," + SlapdServer.BASE_DN;
    try (LDAPConnection root = slapd.rootConnection()) {
      root.modify(dn, new Modification(ModificationType.ADD, "pwdAccountLockedTime", "000001010000Z"));
      try (AccountDirectory ldap = newDirectory()) {
        assertThatThrownBy(() -> ldap.authenticate(Username.of("erstsemester"), Secret.of("erstpass")))
            .isInstanceOfSatisfying(BadCredentialsException.class, e -> {
              assertThat(e.reason()).isEqualTo(BadCredentialsException.Reason.ACCOUNT_DISABLED);
              assertThat(e.getMessage()).isEqualTo(new BadCredentialsException(
                  BadCredentialsException.Reason.WRONG_PASSWORD).getMessage());
            });
      } finally {
        root.modify(dn, new Modification(ModificationType.DELETE, "pwdAccountLockedTime"));
      }
    }
  }

  @Test
  @DisplayName("through the core, charges to NETHZUSER, fullwidth and no-break-space spellings leave nethzuser (20.00 CHF) unlocked in LDAP and create no second account")
  void chargeUnderAnotherCase() throws Exception {
    InMemoryLedger ledger = InMemoryLedger.create();
    LdapAccountDirectory ldap = builder().build();
    try (Uncloud uncloud = UncloudCore.builder().ledger(ledger).directory(ldap).currency(Currency.getInstance("CHF"))
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("raplab").maxCharge("1000.00").build())
        .build()) {
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      uncloud.credit().deposit(raplab, DepositRequest.of("nethzuser", "20.00", "CHF", "cash"));

      Charge charge = uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "NETHZUSER", "0.01", "CHF", "job"));
      uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "ｎｅｔｈｚｕｓｅｒ", "0.01", "CHF", "job"));
      uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser\u00A0", "0.01", "CHF", "job"));

      assertThat(charge.user()).isEqualTo(Username.of("nethzuser"));
      assertThat(charge.balance()).isEqualTo(Money.of("19.99", "CHF"));
      assertThat(charge.locked()).isFalse();
      assertThat(ledger.balances(Currency.getInstance("CHF"))).extracting(AccountBalance::account).containsExactly(Username.of("nethzuser"));
      assertThat(uncloud.credit().status(Username.of("Nethzuser")).balance()).isEqualTo(Money.of("19.97", "CHF"));
      try (LDAPConnection root = slapd.rootConnection()) {
        assertThat(root.getEntry("uid=nethzuser,ou=people," + SlapdServer.BASE_DN).getAttributeValue("vppLock")).isEqualTo("FALSE");
      }
      uncloud.credit().deposit(raplab, DepositRequest.of("\u0130R\u0130S.MU\u0308LLER", "5.00", "CHF", "cash"));
      assertThat(ledger.balances(Currency.getInstance("CHF"))).extracting(AccountBalance::account)
          .containsExactlyInAnyOrder(Username.of("nethzuser"), Username.of("iris.müller"));
    }
  }
}
