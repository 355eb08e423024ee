package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.AuthenticationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.util.Currency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The credit service with LdapAccountDirectory: admins bind over LDAP, the lock flag lands in LDAP")
class CreditServiceOverLdapTest {
  private static final String NETHZ_DN = "uid=nethzuser,ou=people,dc=uncloud,dc=test";

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  @Test
  @DisplayName("an overdrawing charge locks the user in LDAP, a deposit unlocks, and access rules come from LDAP")
  void lockFlagFollowsBalance() {
    EmbeddedLdapServer server = LDAP.server();
    LdapAccountDirectory directory = LdapAccountDirectory.builder().urls(server.url())
        .tls(LdapTls.NONE).allowPlain(true).bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn()).groupBase("ou=groups," + server.baseDn()).build();
    try (Uncloud uncloud = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(directory)
        .currency(Currency.getInstance("CHF"))
        .directoryAdmins("lab-admins")
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00")
            .accessFilter("(&(departmentNumber=D-ARCH)(studyYear>=2))").build())
        .service(ServiceDefinition.builder("deposits").owners("raplab").maxCharge("1000.00").build())
        .build()) {
      CreditService credit = uncloud.credit();
      assertThatThrownBy(() -> credit.authenticate("raplab", Secret.of("wrong")))
          .isInstanceOf(AuthenticationException.class);
      AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));

      Charge charge = credit.chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "4.20", "CHF", "job 42"));
      assertThat(charge.locked()).isTrue();
      assertThat(server.entry(NETHZ_DN).orElseThrow().getAttributeValue("vppLock")).isEqualTo("TRUE");
      assertThat(credit.mayStart(ServiceName.of("3dprint"), Username.of("nethzuser")).allowed()).isFalse();

      Charge deposit = credit.deposit(raplab, DepositRequest.of("nethzuser", "10.00", "CHF", "cash at the desk"));
      assertThat(deposit.locked()).isFalse();
      assertThat(server.entry(NETHZ_DN).orElseThrow().getAttributeValue("vppLock")).isEqualTo("FALSE");
      assertThat(credit.mayStart(ServiceName.of("3dprint"), Username.of("nethzuser")).allowed()).isTrue();
      assertThat(credit.mayStart(ServiceName.of("3dprint"), Username.of("erstsemester")).reason())
          .isEqualTo("not_authorized");
    }
  }
}
