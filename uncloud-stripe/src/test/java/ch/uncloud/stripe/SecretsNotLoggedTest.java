package ch.uncloud.stripe;

import static ch.uncloud.stripe.StripeTestSupport.account;
import static ch.uncloud.stripe.StripeTestSupport.chf;
import static ch.uncloud.stripe.StripeTestSupport.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.payments.RefundRequest;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import ch.uncloud.testservers.stripe.FakeStripeServer.SignedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Secrets in logs")
class SecretsNotLoggedTest {
  private static final String KEY = "sk_test_logcheck_91b2e7";
  private static final String LIVE_KEY = "sk_live_logcheck_c4d5e6";
  private static final String WEBHOOK_SECRET = "whsec_logcheck_0aa1";

  @Test
  @DisplayName("a whole flow, with failures, logs what happened but never the API key, webhook secret or client secret")
  void noSecretsInLogs() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    String clientSecret;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (FakeStripeServer fake = FakeStripeServer.start()) {
      StripePaymentGateway gateway = StripePaymentGateway.builder(Secret.of(KEY)).apiBase(fake.baseUrl())
          .maxNetworkRetries(0).readTimeout(Duration.ofSeconds(3)).webhookSecret(Secret.of(WEBHOOK_SECRET))
          .customerStore(new InMemoryStripeCustomerStore()).build();
      Username account = account();
      CardSetup setup = gateway.startCardSetup(account);
      clientSecret = setup.clientSecret().reveal();
      new FakeStripeFrontEnd(fake).confirm(setup, "pm_card_visa");
      gateway.completeCardSetup(account, setup.setupId());
      String paymentId = id("pay");
      gateway.charge(chf(paymentId, account, "10.00"));
      gateway.refund(new RefundRequest(id("ref"), account, paymentId, Money.of("1.00", "CHF")));

      PaymentRequest slow = chf(id("pay"), account, "2.00");
      fake.delayNext("POST", "/v1/payment_intents", Duration.ofSeconds(8));
      assertThat(gateway.charge(slow).status()).isEqualTo(PaymentStatus.UNKNOWN);

      SignedEvent event = fake.signedEvent(fake.eventIds("payment_intent.succeeded").get(0), WEBHOOK_SECRET);
      gateway.verifyWebhook(event.payload(), Map.of("Stripe-Signature", event.signatureHeader()));
      assertThatThrownBy(() -> gateway.verifyWebhook(event.payload(), Map.of("Stripe-Signature", "t=1,v1=00")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");

      StripePaymentGateway live = StripePaymentGateway.builder(Secret.of(LIVE_KEY)).apiBase(fake.baseUrl())
          .maxNetworkRetries(0).customerStore(new InMemoryStripeCustomerStore()).build();
      assertThatThrownBy(() -> live.startCardSetup(account()))
          .isInstanceOf(ConfigurationException.class).hasFieldOrPropertyWithValue("errorCode", "payment_provider_credentials")
          .hasMessageNotContaining(LIVE_KEY);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("created Stripe customer").contains("outcome unknown").contains("rejected a webhook call");
    assertThat(log).doesNotContain(KEY).doesNotContain("logcheck").doesNotContain(WEBHOOK_SECRET)
        .doesNotContain(clientSecret).doesNotContain("_secret_");
  }
}
