package ch.uncloud.stripe;

import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.SetupIntent;
import com.stripe.param.SetupIntentConfirmParams;

/** Plays the front end against the fake: confirms setups with test cards and passes 3-D Secure. */
final class FakeStripeFrontEnd {
  private final FakeStripeServer fake;
  private final StripeClient client;

  FakeStripeFrontEnd(FakeStripeServer fake) {
    this.fake = fake;
    this.client = StripeClient.builder().setApiKey("sk_test_frontend").setApiBase(fake.baseUrl()).build();
  }

  void confirm(CardSetup setup, String testPaymentMethod) {
    try {
      SetupIntent intent = client.v1().setupIntents().confirm(setup.setupId(),
          SetupIntentConfirmParams.builder().setPaymentMethod(testPaymentMethod).build());
      if ("requires_action".equals(intent.getStatus())) {
        fake.completeSetupAuthentication(intent.getId());
      }
    } catch (CardException declined) {
      // the front end shows the decline to the card holder; completeCardSetup reports it to uncloud
    } catch (StripeException e) {
      throw new IllegalStateException("the fake front end could not confirm " + setup.setupId(), e);
    }
  }
}
