package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

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
import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testkit.InMemoryLedger;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reported case on a real OpenLDAP: slapd's caseIgnoreMatch finds nethzuser for NETHZUSER, and the
 * core must then book, lock and answer under nethzuser, never under a second account.
 */
@DisplayName("On a real slapd every spelling of a name books on the one account the entry's stored spelling names")
class CanonicalNamesOverSlapdTest {
  private static final Currency CHF = Currency.getInstance("CHF");
  private static final String NETHZ_DN = "uid=nethzuser,ou=people," + SlapdServer.BASE_DN;
  private static Path directory;
  private static SlapdServer slapd;

  @BeforeAll
  static void startSlapd() throws Exception {
    directory = Files.createTempDirectory("uncloud-slapd-names");
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

  @Test
  @DisplayName("a charge to NETHZUSER leaves nethzuser (20.00 CHF) unlocked in LDAP and creates no second account")
  void chargeUnderAnotherCase() throws Exception {
    InMemoryLedger ledger = InMemoryLedger.create();
    LdapAccountDirectory ldap = LdapAccountDirectory.builder().urls(slapd.url()).tls(LdapTls.NONE).allowPlain(true)
        .bind(SlapdServer.ROOT_DN, Secret.of(SlapdServer.ROOT_PASSWORD)).userBase("ou=people," + SlapdServer.BASE_DN)
        .build();
    try (Uncloud uncloud = UncloudCore.builder().ledger(ledger).directory(ldap).currency(CHF)
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("raplab").maxCharge("1000.00").build())
        .build()) {
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      uncloud.credit().deposit(raplab, DepositRequest.of("nethzuser", "20.00", "CHF", "cash"));

      Charge charge = uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "NETHZUSER", "0.01", "CHF", "job"));
      uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "ｎｅｔｈｚｕｓｅｒ", "0.01", "CHF", "job"));

      assertThat(charge.user()).isEqualTo(Username.of("nethzuser"));
      assertThat(charge.balance()).isEqualTo(Money.of("19.99", "CHF"));
      assertThat(charge.locked()).isFalse();
      assertThat(ledger.balances(CHF)).extracting(AccountBalance::account).containsExactly(Username.of("nethzuser"));
      assertThat(uncloud.credit().status(Username.of("Nethzuser")).balance()).isEqualTo(Money.of("19.98", "CHF"));
      try (LDAPConnection root = slapd.rootConnection()) {
        assertThat(root.getEntry(NETHZ_DN).getAttributeValue("vppLock")).isEqualTo("FALSE");
      }
      uncloud.credit().deposit(raplab, DepositRequest.of("\u0130R\u0130S.MU\u0308LLER", "5.00", "CHF", "cash"));
      assertThat(ledger.balances(CHF)).extracting(AccountBalance::account)
          .containsExactlyInAnyOrder(Username.of("nethzuser"), Username.of("iris.müller"));
    }
  }
}
