package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.credit.StartDecision;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Only users a service's access rule admits are charged by it, unless the service bills after the fact. */
class ChargeAuthorizationTest {
  private static final Username ERST = Username.of("erstsemester");

  @Test
  @DisplayName("a charge for a user the lasercutter's access rule refuses is refused with not_authorized and books nothing")
  void chargeForUnauthorizedUserIsRefused() {
    try (LabFixture lab = new LabFixture()) {
      assertThat(lab.credit.mayStart(ch.uncloud.api.ServiceName.of("lasercutter"), ERST)).isEqualTo(StartDecision.NOT_AUTHORIZED);

      assertThatThrownBy(() -> lab.credit.chargeUser(lab.raplab(),
          ChargeRequest.of("lasercutter", "erstsemester", "12.00", "CHF", "laser job")))
          .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_authorized")
          .hasMessageContaining("check-access-on-charge");
      assertThat(lab.ledger.entries(ERST)).isEmpty();
      assertThat(lab.directory.isLocked(ERST)).isFalse();
    }
  }

  @Test
  @DisplayName("an authorized user is charged by the lasercutter as before, under any spelling of the name")
  void authorizedUserIsCharged() {
    try (LabFixture lab = new LabFixture()) {
      assertThat(lab.credit.chargeUser(lab.raplab(),
          ChargeRequest.of("lasercutter", "NETHZUSER", "12.00", "CHF", "laser job")).balance())
          .isEqualTo(Money.of("-12.00", "CHF"));
    }
  }

  @Test
  @DisplayName("a service configured with check-access-on-charge=false books usage billed after the fact")
  void serviceBillingAfterTheFactMayChargeAnyone() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.admins", "raplab",
        "uncloud.admin.raplab.password", "plain:verygeheim",
        "uncloud.services", "lasercutter",
        "uncloud.service.lasercutter.owners", "raplab",
        "uncloud.service.lasercutter.max-charge", "500.00",
        "uncloud.service.lasercutter.access-filter", LabFixture.ARCH_FROM_SECOND_YEAR,
        "uncloud.service.lasercutter.check-access-on-charge", "false"));
    try (Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture()).currency(Currency.getInstance("CHF"))
        .configure(config).build()) {
      assertThat(uncloud.credit().services()).singleElement()
          .extracting(ServiceDefinition::checkAccessOnCharge).isEqualTo(false);

      assertThat(uncloud.credit().chargeUser("raplab", Secret.of("verygeheim"),
          ChargeRequest.of("lasercutter", "erstsemester", "12.00", "CHF", "laser job, billed after it ran")).balance())
          .isEqualTo(Money.of("-12.00", "CHF"));
    }
  }
}
