package ch.uncloud.stripe;

import ch.uncloud.api.Secret;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.testkit.PaymentGatewayContract;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("StripePaymentGateway against the fake Stripe server")
class StripePaymentGatewayContractTest extends PaymentGatewayContract {
  private static FakeStripeServer fake;
  private static FakeStripeFrontEnd frontEnd;

  @BeforeAll
  static void startFake() {
    fake = FakeStripeServer.start();
    frontEnd = new FakeStripeFrontEnd(fake);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  protected PaymentGateway newGateway() {
    return StripePaymentGateway.builder(Secret.of("sk_test_contract")).apiBase(fake.baseUrl())
        .customerStore(new InMemoryStripeCustomerStore()).build();
  }

  @Override
  protected void confirmInFrontEnd(CardSetup setup, String testPaymentMethod) {
    frontEnd.confirm(setup, testPaymentMethod);
  }
}
