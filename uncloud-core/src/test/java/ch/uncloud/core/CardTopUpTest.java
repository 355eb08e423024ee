package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CardTopUpTest {
  private static final Username SCHULDNER = Username.of("schuldner");
  private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
  private final InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create(clock);
  private final Uncloud uncloud = UncloudCore.builder().ledger(ledger).directory(directory).payments(gateway).clock(clock)
      .admin("vppadmin", Secret.of("vppgeheim"))
      .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private void registerCard(String testCard) {
    String setup = gateway.startCardSetup(SCHULDNER).setupId();
    gateway.confirmCardSetup(setup, testCard);
    gateway.completeCardSetup(SCHULDNER, setup);
  }

  private void goIntoDebt() {
    uncloud.credit().chargeUser("vppadmin", Secret.of("vppgeheim"),
        ch.uncloud.api.credit.ChargeRequest.of("vpp-print", "schuldner", "5.00", "CHF", "poster"));
  }

  @Test
  @DisplayName("a card top-up becomes a deposit that unlocks a locked account")
  void topUpUnlocks() {
    registerCard("pm_card_visa");
    goIntoDebt();
    assertThat(directory.isLocked(SCHULDNER)).isTrue();

    Charge deposit = uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-1");

    assertThat(deposit.balance()).isEqualTo(Money.of("5.00", "CHF"));
    assertThat(deposit.locked()).isFalse();
    assertThat(deposit.service()).isEqualTo(CardTopUps.SERVICE);
    assertThat(directory.isLocked(SCHULDNER)).isFalse();
  }

  @Test
  @DisplayName("a retried top-up and the provider's webhook book the deposit once and charge the card once")
  void idempotent() {
    registerCard("pm_card_visa");
    Charge first = uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-2");
    Charge retry = uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-2");
    Payment payment = gateway.findPayment(SCHULDNER, "topup-t-2").orElseThrow();
    Charge fromWebhook = uncloud.topUps().paymentSucceeded(payment);

    assertThat(retry.id()).isEqualTo(first.id());
    assertThat(fromWebhook.id()).isEqualTo(first.id());
    assertThat(gateway.succeededChargeCount()).isEqualTo(1);
    assertThat(ledger.entries(SCHULDNER)).hasSize(1);
  }

  @Test
  @DisplayName("an unknown outcome books nothing; the retry with the same id settles it without paying twice")
  void unknownOutcome() {
    registerCard("pm_card_visa");
    gateway.loseNextChargeAnswer();

    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-3"))
        .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("same payment id");
    assertThat(ledger.entries(SCHULDNER)).isEmpty();

    assertThat(uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-3").balance())
        .isEqualTo(Money.of("10.00", "CHF"));
    assertThat(gateway.succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a declined card books nothing; unknown users and bill payments are refused")
  void refusals() {
    registerCard("pm_card_chargeCustomerFail");

    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "t-4"))
        .isInstanceOf(PaymentException.class);
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
    assertThatThrownBy(() -> uncloud.topUps().topUp(Username.of("nobody"), Money.of("10.00", "CHF"), "t-5"))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_user");
    assertThat(gateway.chargeAttempts()).isEqualTo(1);
    Payment bill = new Payment("bill-202611-x-1", SCHULDNER, Money.of("5.00", "CHF"), ch.uncloud.api.payments.PaymentStatus.SUCCEEDED,
        null, Money.zero(java.util.Currency.getInstance("CHF")));
    assertThatThrownBy(() -> uncloud.topUps().paymentSucceeded(bill)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }
}
