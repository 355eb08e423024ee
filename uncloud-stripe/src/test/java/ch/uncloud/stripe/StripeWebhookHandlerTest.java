package ch.uncloud.stripe;

import static ch.uncloud.stripe.StripeTestSupport.account;
import static ch.uncloud.stripe.StripeTestSupport.chf;
import static ch.uncloud.stripe.StripeTestSupport.gateway;
import static ch.uncloud.stripe.StripeTestSupport.id;
import static ch.uncloud.stripe.StripeTestSupport.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardDeclinedException;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import ch.uncloud.testservers.stripe.FakeStripeServer.SignedEvent;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Stripe webhooks")
class StripeWebhookHandlerTest {
  private static final String SECRET = "whsec_uncloud_test_7c1d";

  private FakeStripeServer fake;
  private StripePaymentGateway gateway;
  private final RecordingListener listener = new RecordingListener();

  /** Remembers what the handler told it. */
  static final class RecordingListener implements StripeWebhookListener {
    final List<Payment> succeeded = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    final List<PaymentMethod> cards = new CopyOnWriteArrayList<>();

    @Override
    public void paymentSucceeded(Payment payment, String eventId) {
      succeeded.add(payment);
    }

    @Override
    public void paymentFailed(Payment payment, String reason, String eventId) {
      failed.add(payment.paymentId() + ":" + reason + ":" + payment.status());
    }

    @Override
    public void cardSaved(Username account, PaymentMethod card, String eventId) {
      cards.add(card);
    }
  }

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
    gateway = gateway(fake).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private StripeWebhookHandler handler() {
    return StripeWebhookHandler.builder(Secret.of(SECRET), gateway, listener).build();
  }

  private String onlyEvent(String type) {
    List<String> ids = fake.eventIds(type);
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  @Nested
  @DisplayName("Signature (Stripe's published vectors)")
  class Signatures {
    private final JsonObject vectors = readVectors();

    private JsonObject readVectors() {
      try (InputStream in = StripeWebhookHandlerTest.class.getResourceAsStream("stripe-webhook-signature-vectors.json")) {
        return Json.createReader(in).readObject();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private StripeWebhookHandler at(long unixSeconds) {
      return StripeWebhookHandler.builder(Secret.of(vectors.getString("secret")), gateway, listener)
          .clock(Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC)).build();
    }

    private long t() {
      return vectors.getJsonNumber("timestamp").longValue();
    }

    @Test
    @DisplayName("the fake signs exactly as stripe-java does")
    void fakeSignsLikeStripe() {
      assertThat(FakeStripeServer.signatureHeader(vectors.getString("payload"), vectors.getString("secret"), t()))
          .isEqualTo(vectors.getString("header"));
    }

    @Test
    @DisplayName("a valid signature 10 s old is accepted, as is one whose clock runs ahead")
    void validSignature() {
      assertThat(at(t() + 10).handle(vectors.getString("payload"), vectors.getString("header")))
          .isEqualTo(StripeWebhookHandler.Outcome.IGNORED);
      assertThat(at(t() - 10000).handle(vectors.getString("payload"), vectors.getString("header")))
          .isEqualTo(StripeWebhookHandler.Outcome.IGNORED); // a fresh handler: not seen before
    }

    @Test
    @DisplayName("a signature older than 300 s is refused")
    void tooOld() {
      assertThatThrownBy(() -> at(t() + 301).handle(vectors.getString("payload"), vectors.getString("header")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid")
          .hasMessageContaining("300 s");
    }

    @Test
    @DisplayName("a tampered payload is refused")
    void tampered() {
      String tampered = vectors.getString("payload").replace("evt_test_webhook", "evt_test_forged");
      assertThatThrownBy(() -> at(t() + 10).handle(tampered, vectors.getString("header")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid")
          .hasMessageContaining("uncloud.stripe.webhook-secret");
    }

    @Test
    @DisplayName("a header with several signatures is accepted if one matches")
    void multipleSignatures() {
      assertThat(at(t() + 10).handle(vectors.getString("payload"), vectors.getString("multi_sig_header")))
          .isEqualTo(StripeWebhookHandler.Outcome.IGNORED);
    }

    @Test
    @DisplayName("a call without a signature is refused")
    void missingSignature() {
      assertThatThrownBy(() -> handler().handle("{}", null)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    }
  }

  @Test
  @DisplayName("payment_intent.succeeded reaches the listener once, however often Stripe delivers it")
  void replayChangesNothing() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    String paymentId = id("pay");
    gateway.charge(chf(paymentId, account, "15.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);
    StripeWebhookHandler handler = handler();

    assertThat(handler.handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.APPLIED);
    assertThat(handler.handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.DUPLICATE);
    assertThat(handler.handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.DUPLICATE);

    assertThat(listener.succeeded).singleElement().satisfies(p -> {
      assertThat(p.paymentId()).isEqualTo(paymentId);
      assertThat(p.account()).isEqualTo(account);
      assertThat(p.amount()).isEqualTo(Money.of("15.00", "CHF"));
      assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    });
  }

  @Test
  @DisplayName("an event whose listener failed is not marked applied, so Stripe's redelivery applies it")
  void listenerFailureAllowsRedelivery() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    gateway.charge(chf(id("pay"), account, "2.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);
    java.util.concurrent.atomic.AtomicBoolean ledgerDown = new java.util.concurrent.atomic.AtomicBoolean(true);
    StripeWebhookHandler handler = StripeWebhookHandler.builder(Secret.of(SECRET), gateway,
        new StripeWebhookListener() {
          @Override
          public void paymentSucceeded(Payment payment, String eventId) {
            if (ledgerDown.get()) {
              throw new ch.uncloud.api.ProviderUnavailableException("ledger unavailable");
            }
            listener.paymentSucceeded(payment, eventId);
          }
        }).build();

    assertThatThrownBy(() -> handler.handle(event.payload(), event.signatureHeader()))
        .isInstanceOf(ch.uncloud.api.ProviderUnavailableException.class);
    ledgerDown.set(false);
    assertThat(handler.handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.APPLIED);
    assertThat(handler.handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.DUPLICATE);
    assertThat(listener.succeeded).hasSize(1);
  }

  @Test
  @DisplayName("a forged event (wrong secret, or a changed amount under a real signature) is refused and applies nothing")
  void forgedSignature() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    gateway.charge(chf(id("pay"), account, "15.00"));
    String eventId = onlyEvent("payment_intent.succeeded");
    SignedEvent forged = fake.signedEvent(eventId, "whsec_attacker");
    SignedEvent genuine = fake.signedEvent(eventId, SECRET);
    String inflated = genuine.payload().replace("\"amount\":1500", "\"amount\":150000");
    assertThat(inflated).isNotEqualTo(genuine.payload());

    assertThatThrownBy(() -> handler().handle(forged.payload(), forged.signatureHeader()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThatThrownBy(() -> handler().handle(inflated, genuine.signatureHeader()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThat(listener.succeeded).isEmpty();
  }

  @Test
  @DisplayName("payment_intent.payment_failed reports the decline code")
  void paymentFailed() {
    Username account = account();
    register(gateway, fake, account, "pm_card_chargeCustomerFail");
    String paymentId = id("pay");
    assertThatThrownBy(() -> gateway.charge(chf(paymentId, account, "5.00"))).isInstanceOf(CardDeclinedException.class);
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.payment_failed"), SECRET);

    assertThat(handler().handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.APPLIED);
    assertThat(listener.failed).containsExactly(paymentId + ":generic_decline:FAILED");
  }

  @Test
  @DisplayName("setup_intent.succeeded saves the card for the account, even before the front end reported back")
  void setupSucceeded() {
    Username account = account();
    CardSetup setup = gateway.startCardSetup(account);
    new FakeStripeFrontEnd(fake).confirm(setup, "pm_card_visa");
    SignedEvent event = fake.signedEvent(onlyEvent("setup_intent.succeeded"), SECRET);

    assertThat(handler().handle(event.payload(), event.signatureHeader())).isEqualTo(StripeWebhookHandler.Outcome.APPLIED);
    assertThat(listener.cards).singleElement().satisfies(c -> {
      assertThat(c.last4()).isEqualTo("4242");
      assertThat(c.isDefault()).isTrue();
    });
    assertThat(gateway.paymentMethods(account)).hasSize(1);
  }

  @Test
  @DisplayName("a handler built from configuration takes its signing secret from uncloud.stripe.webhook-secret")
  void fromConfig() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    gateway.charge(chf(id("pay"), account, "1.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);
    ch.uncloud.spi.ProviderConfig config = ch.uncloud.spi.ProviderConfig
        .of(java.util.Map.of("uncloud.stripe.webhook-secret", "env:STRIPE_WEBHOOK_SECRET"))
        .withEnvironment(java.util.Map.of("STRIPE_WEBHOOK_SECRET", SECRET));
    assertThat(StripeWebhookHandler.fromConfig(config, gateway, listener).handle(event.payload(), event.signatureHeader()))
        .isEqualTo(StripeWebhookHandler.Outcome.APPLIED);
    assertThatThrownBy(() -> StripeWebhookHandler.fromConfig(ch.uncloud.spi.ProviderConfig.of(java.util.Map.of())
        .withEnvironment(java.util.Map.of()), gateway, listener))
        .isInstanceOf(ch.uncloud.api.ConfigurationException.class)
        .hasMessageContaining("uncloud.stripe.webhook-secret");
  }

  @Test
  @DisplayName("events about objects uncloud did not create are acknowledged and ignored")
  void foreignEvent() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    SignedEvent created = fake.signedEvent(onlyEvent("setup_intent.created"), SECRET);
    assertThat(handler().handle(created.payload(), created.signatureHeader()))
        .isEqualTo(StripeWebhookHandler.Outcome.IGNORED);
  }

  @Test
  @DisplayName("the fake delivers signed events over HTTP; a redelivery changes nothing")
  void deliveredOverHttp() throws Exception {
    StripeWebhookHandler handler = handler();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.createContext("/stripe/webhook", exchange -> {
      int status;
      try (InputStream in = exchange.getRequestBody()) {
        handler.handle(new String(in.readAllBytes(), StandardCharsets.UTF_8),
            exchange.getRequestHeaders().getFirst("Stripe-Signature"));
        status = 200;
      } catch (InvalidRequestException e) {
        status = 400;
      } catch (RuntimeException e) {
        status = 500;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/stripe/webhook");
      fake.addWebhookEndpoint(url, SECRET);
      Username account = account();
      register(gateway, fake, account, "pm_card_visa");
      gateway.charge(chf(id("pay"), account, "8.00"));
      int events = fake.events().size();
      assertThat(fake.awaitWebhookDeliveries(events, Duration.ofSeconds(10))).isTrue();

      String succeeded = onlyEvent("payment_intent.succeeded");
      fake.resendEvent(succeeded);
      assertThat(fake.awaitWebhookDeliveries(events + 1, Duration.ofSeconds(10))).isTrue();

      assertThat(fake.webhookDeliveries()).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
      assertThat(fake.webhookDeliveries()).filteredOn(d -> d.eventId().equals(succeeded)).hasSize(2);
      assertThat(listener.succeeded).hasSize(1);
      assertThat(listener.cards).hasSize(1);
    } finally {
      receiver.stop(0);
    }
  }
}
