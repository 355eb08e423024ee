package ch.uncloud.stripe;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.time.Duration;
import java.util.UUID;

/** Shared wiring for tests of the Stripe gateway against the fake. */
final class StripeTestSupport {
  static final Secret TEST_KEY = Secret.of("sk_test_uncloud_unit_4f9a");

  private StripeTestSupport() {}

  static StripePaymentGateway.Builder gateway(FakeStripeServer fake) {
    return StripePaymentGateway.builder(TEST_KEY).apiBase(fake.baseUrl()).maxNetworkRetries(0)
        .customerStore(new InMemoryStripeCustomerStore())
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10));
  }

  static Username account() {
    return Username.of("user-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static PaymentMethod register(StripePaymentGateway gateway, FakeStripeServer fake, Username account, String card) {
    CardSetup setup = gateway.startCardSetup(account);
    new FakeStripeFrontEnd(fake).confirm(setup, card);
    return gateway.completeCardSetup(account, setup.setupId());
  }

  static PaymentRequest chf(String paymentId, Username account, String amount) {
    return new PaymentRequest(paymentId, account, Money.of(amount, "CHF"), "test " + paymentId);
  }
}
