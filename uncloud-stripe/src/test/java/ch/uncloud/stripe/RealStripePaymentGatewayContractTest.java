package ch.uncloud.stripe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.uncloud.api.Secret;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.testkit.PaymentGatewayContract;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.SetupIntent;
import com.stripe.param.SetupIntentConfirmParams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The payment contract against Stripe's real test mode. Runs only when {@code STRIPE_TEST_SECRET_KEY}
 * holds a test-mode secret key ({@code sk_test_...}); it never runs with a live key.
 */
@DisplayName("StripePaymentGateway against Stripe's real test mode")
class RealStripePaymentGatewayContractTest extends PaymentGatewayContract {
  private static final String KEY = System.getenv("STRIPE_TEST_SECRET_KEY");

  @BeforeAll
  static void requireTestKey() {
    assumeTrue(KEY != null && KEY.startsWith("sk_test_"),
        "Stripe test mode not configured: set STRIPE_TEST_SECRET_KEY=sk_test_... (a test-mode secret key) to run "
            + "the payment contract against real Stripe; the fake Stripe server runs it in every build");
  }

  @Override
  protected PaymentGateway newGateway() {
    return StripePaymentGateway.builder(Secret.of(KEY)).maxNetworkRetries(2)
        .customerStore(new InMemoryStripeCustomerStore()).build();
  }

  @Override
  protected void confirmInFrontEnd(CardSetup setup, String testPaymentMethod) {
    StripeClient client = StripeClient.builder().setApiKey(KEY).build();
    try {
      SetupIntent intent = client.v1().setupIntents().confirm(setup.setupId(), SetupIntentConfirmParams.builder()
          .setPaymentMethod(testPaymentMethod).setReturnUrl("https://example.com/return").build());
      if ("requires_action".equals(intent.getStatus())) {
        Assumptions.abort("3-D Secure needs a browser against real Stripe; the fake covers " + testPaymentMethod);
      }
    } catch (CardException declined) {
      // the front end shows the decline; completeCardSetup reports it
    } catch (StripeException e) {
      throw new IllegalStateException("confirming " + setup.setupId() + " at Stripe failed", e);
    }
  }
}
