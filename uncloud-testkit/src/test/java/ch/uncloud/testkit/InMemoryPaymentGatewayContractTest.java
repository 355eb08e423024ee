package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.Money;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.spi.PaymentGateway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryPaymentGateway")
class InMemoryPaymentGatewayContractTest extends PaymentGatewayContract {
  private InMemoryPaymentGateway fake;

  @Override
  protected PaymentGateway newGateway() {
    fake = InMemoryPaymentGateway.create();
    return fake;
  }

  @Override
  protected void confirmInFrontEnd(CardSetup setup, String testPaymentMethod) {
    fake.confirmCardSetup(setup.setupId(), testPaymentMethod);
    try {
      fake.completeSetupAuthentication(setup.setupId());
    } catch (IllegalStateException notWaiting) {
      // the bank did not ask for 3-D Secure
    }
  }

  @Test
  @DisplayName("a charge whose answer was lost is UNKNOWN, and retrying the same id returns the one charge made")
  void lostAnswer() {
    Username account = freshAccount();
    registerCard(account, "pm_card_visa");
    PaymentRequest request = new PaymentRequest(freshId("pay"), account, Money.of("5.00", "CHF"), "lost");
    fake.loseNextChargeAnswer();
    assertThat(fake.charge(request).status()).isEqualTo(PaymentStatus.UNKNOWN);
    Payment retried = fake.charge(request);
    assertThat(retried.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(fake.chargeAttempts()).isEqualTo(1);
    assertThat(fake.succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a scripted fault is thrown by the next call only")
  void scriptedFault() {
    Username account = freshAccount();
    fake.failNextCall(new ProviderUnavailableException(ErrorCodes.PAYMENT_RATE_LIMITED, "slow down"));
    assertThatThrownBy(() -> fake.paymentMethods(account)).isInstanceOf(ProviderUnavailableException.class).hasFieldOrPropertyWithValue("errorCode", "payment_rate_limited");
    assertThat(fake.paymentMethods(account)).isEmpty();
  }

  @Test
  @DisplayName("a setup waiting for 3-D Secure cannot be completed yet")
  void waitingForAuthentication() {
    Username account = freshAccount();
    CardSetup setup = fake.startCardSetup(account);
    fake.confirmCardSetup(setup.setupId(), "pm_card_authenticationRequired");
    assertThatThrownBy(() -> fake.completeCardSetup(account, setup.setupId()))
        .isInstanceOf(PaymentException.class).hasFieldOrPropertyWithValue("errorCode", "card_setup_incomplete");
  }
}
