package ch.uncloud.cli;

import static ch.uncloud.cli.DemoSession.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testkit.TestClock;
import ch.uncloud.testservers.stripe.FakeStripeServer.WebhookDelivery;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's webhook route works as in production: its in-process Stripe test server signs its events
 * with the secret the demo generated and sends them to the gateway, which verifies and applies them.
 */
@DisplayName("The demo's Stripe events reach POST /stripe/webhook, signed with a secret generated for the run")
class DemoWebhookTest {
  @TempDir
  Path data;

  @Test
  @DisplayName("a card registration's events are delivered to the demo's gateway and accepted (200); the secret is never shown")
  void cardRegistrationEventsAreAcceptedByTheGateway() throws Exception {
    TestClock clock = TestClock.at("2026-11-10T09:00:00Z");
    try (DemoSession me = DemoSession.start(Demo.start(data, clock), clock, "nethzuser")) {
      JsonObject registration = ok(me.send("POST", "/api/v1/cards", "", "Idempotency-Key", "card-1"));
      me.confirmLikeStripeJs(registration.getString("setup_id"));
      ok(me.send("POST", "/api/v1/cards/" + registration.getString("setup_id") + "/complete", null));
      int events = me.demo().stripe().events().size();

      assertThat(me.demo().stripe().awaitWebhookDeliveries(events, Duration.ofSeconds(30))).isTrue();
      assertThat(me.demo().stripe().webhookDeliveries()).hasSize(events).allSatisfy(delivery -> {
        assertThat(delivery.url().getPath()).isEqualTo("/stripe/webhook");
        assertThat(delivery.status()).as(delivery.type()).isEqualTo(200);
      }).extracting(WebhookDelivery::type).contains("setup_intent.succeeded");
      assertThat(me.demo().stripeWebhookSecret().reveal()).startsWith("whsec_");
      assertThat(me.demo().stripeWebhookSecret().toString()).doesNotContain(me.demo().stripeWebhookSecret().reveal());
    }
  }
}
