package ch.uncloud.stripe;

import static ch.uncloud.stripe.StripeTestSupport.account;
import static ch.uncloud.stripe.StripeTestSupport.chf;
import static ch.uncloud.stripe.StripeTestSupport.gateway;
import static ch.uncloud.stripe.StripeTestSupport.id;
import static ch.uncloud.stripe.StripeTestSupport.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardDeclinedException;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentEvents.Outcome;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stripe's webhooks: the gateway verifies a delivery and reads it as a provider-neutral event
 * ({@link StripePaymentGateway#verifyWebhook}); the core applies each event once
 * ({@code Uncloud.paymentEvents()}).
 */
@DisplayName("Stripe webhooks")
class StripeWebhookTest {
  private static final String SECRET = "whsec_uncloud_test_7c1d";
  private static final Username SCHULDNER = Username.of("schuldner");

  private FakeStripeServer fake;
  private StripePaymentGateway gateway;
  private InMemoryLedger ledger;
  private Uncloud uncloud;

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
    gateway = gateway(fake).webhookSecret(Secret.of(SECRET)).build();
    ledger = InMemoryLedger.create();
    uncloud = UncloudCore.builder().ledger(ledger).directory(InMemoryAccountDirectory.withContractFixture())
        .payments(gateway).build();
  }

  @AfterEach
  void stop() {
    uncloud.close();
    fake.close();
  }

  private String onlyEvent(String type) {
    List<String> ids = fake.eventIds(type);
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  private static Map<String, String> signed(SignedEvent event) {
    return Map.of("Stripe-Signature", event.signatureHeader());
  }

  private Outcome receive(SignedEvent event) {
    return uncloud.paymentEvents().receiveWebhook(event.payload(), signed(event));
  }

  @Nested
  @DisplayName("Signature (Stripe's published vectors)")
  class Signatures {
    private final JsonObject vectors = readVectors();

    private JsonObject readVectors() {
      try (InputStream in = StripeWebhookTest.class.getResourceAsStream("stripe-webhook-signature-vectors.json")) {
        return Json.createReader(in).readObject();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private StripePaymentGateway at(long unixSeconds) {
      return gateway(fake).webhookSecret(Secret.of(vectors.getString("secret")))
          .clock(Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC)).build();
    }

    private long t() {
      return vectors.getJsonNumber("timestamp").longValue();
    }

    private Map<String, String> header(String name) {
      return Map.of("Stripe-Signature", vectors.getString(name));
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
      assertThat(at(t() + 10).verifyWebhook(vectors.getString("payload"), header("header")).type())
          .isEqualTo(PaymentEvent.Type.OTHER);
      assertThat(at(t() - 10000).verifyWebhook(vectors.getString("payload"), header("header")).type())
          .isEqualTo(PaymentEvent.Type.OTHER);
    }

    @Test
    @DisplayName("a signature older than 300 s is refused")
    void tooOld() {
      assertThatThrownBy(() -> at(t() + 301).verifyWebhook(vectors.getString("payload"), header("header")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid")
          .hasMessageContaining("300 s");
    }

    @Test
    @DisplayName("a tampered payload is refused")
    void tampered() {
      String tampered = vectors.getString("payload").replace("evt_test_webhook", "evt_test_forged");
      assertThatThrownBy(() -> at(t() + 10).verifyWebhook(tampered, header("header")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid")
          .hasMessageContaining("uncloud.stripe.webhook-secret");
    }

    @Test
    @DisplayName("a header with several signatures is accepted if one matches")
    void multipleSignatures() {
      assertThat(at(t() + 10).verifyWebhook(vectors.getString("payload"), header("multi_sig_header")).id())
          .isEqualTo("evt_test_webhook");
    }

    @Test
    @DisplayName("a call without a signature is refused")
    void missingSignature() {
      assertThatThrownBy(() -> gateway.verifyWebhook("{}", Map.of())).isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    }

    @Test
    @DisplayName("the signature header is found in any case")
    void headerCase() {
      assertThat(at(t() + 10).verifyWebhook(vectors.getString("payload"),
          Map.of("stripe-signature", vectors.getString("header"))).id()).isEqualTo("evt_test_webhook");
    }
  }

  @Test
  @DisplayName("payment_intent.succeeded becomes a succeeded payment event, applied once however often Stripe delivers it")
  void replayChangesNothing() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    String paymentId = id("pay");
    gateway.charge(chf(paymentId, account, "15.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);

    PaymentEvent read = gateway.verifyWebhook(event.payload(), signed(event));

    assertThat(read.type()).isEqualTo(PaymentEvent.Type.PAYMENT_SUCCEEDED);
    assertThat(read.providerType()).isEqualTo("payment_intent.succeeded");
    assertThat(read.payment()).satisfies(p -> {
      assertThat(p.paymentId()).isEqualTo(paymentId);
      assertThat(p.account()).isEqualTo(account);
      assertThat(p.amount()).isEqualTo(Money.of("15.00", "CHF"));
      assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    });
    assertThat(receive(event)).isEqualTo(Outcome.APPLIED);
    assertThat(receive(event)).isEqualTo(Outcome.DUPLICATE);
    assertThat(receive(event)).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  @DisplayName("a top-up's event books its deposit once; one whose booking failed is not marked applied, so Stripe's redelivery applies it")
  void failureAllowsRedelivery() {
    register(gateway, fake, SCHULDNER, "pm_card_visa");
    gateway.charge(chf("topup-" + id("w"), SCHULDNER, "2.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);
    ledger.failNextPosts(1);

    assertThatThrownBy(() -> receive(event)).isInstanceOf(ProviderUnavailableException.class);
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
    assertThat(receive(event)).isEqualTo(Outcome.APPLIED);
    assertThat(receive(event)).isEqualTo(Outcome.DUPLICATE);
    assertThat(ledger.entries(SCHULDNER)).hasSize(1);
    assertThat(uncloud.credit().amountAvailable(SCHULDNER)).isEqualTo(Money.of("2.00", "CHF"));
  }

  @Test
  @DisplayName("a forged event (wrong secret, or a changed amount under a real signature) is refused and applies nothing")
  void forgedSignature() {
    register(gateway, fake, SCHULDNER, "pm_card_visa");
    gateway.charge(chf("topup-" + id("w"), SCHULDNER, "15.00"));
    String eventId = onlyEvent("payment_intent.succeeded");
    SignedEvent forged = fake.signedEvent(eventId, "whsec_attacker");
    SignedEvent genuine = fake.signedEvent(eventId, SECRET);
    String inflated = genuine.payload().replace("\"amount\":1500", "\"amount\":150000");
    assertThat(inflated).isNotEqualTo(genuine.payload());

    assertThatThrownBy(() -> receive(forged))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThatThrownBy(() -> uncloud.paymentEvents().receiveWebhook(inflated, signed(genuine)))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
  }

  @Test
  @DisplayName("payment_intent.payment_failed reports the decline code")
  void paymentFailed() {
    Username account = account();
    register(gateway, fake, account, "pm_card_chargeCustomerFail");
    String paymentId = id("pay");
    assertThatThrownBy(() -> gateway.charge(chf(paymentId, account, "5.00"))).isInstanceOf(CardDeclinedException.class);
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.payment_failed"), SECRET);

    PaymentEvent read = gateway.verifyWebhook(event.payload(), signed(event));

    assertThat(read.type()).isEqualTo(PaymentEvent.Type.PAYMENT_FAILED);
    assertThat(read.payment().paymentId() + ":" + read.failureReason() + ":" + read.payment().status())
        .isEqualTo(paymentId + ":generic_decline:FAILED");
    assertThat(receive(event)).isEqualTo(Outcome.APPLIED);
  }

  @Test
  @DisplayName("setup_intent.succeeded saves the card for the account, even before the front end reported back")
  void setupSucceeded() {
    Username account = SCHULDNER; // a person the directory knows: a registration for a stranger is ignored
    CardSetup setup = gateway.startCardSetup(account);
    new FakeStripeFrontEnd(fake).confirm(setup, "pm_card_visa");
    String eventId = onlyEvent("setup_intent.succeeded");
    SignedEvent event = fake.signedEvent(eventId, SECRET);

    assertThat(gateway.verifyWebhook(event.payload(), signed(event)))
        .isEqualTo(PaymentEvent.cardSetupSucceeded(eventId, "setup_intent.succeeded", account, setup.setupId()));
    assertThat(receive(event)).isEqualTo(Outcome.APPLIED);
    assertThat(gateway.paymentMethods(account)).singleElement().satisfies(c -> {
      assertThat(c.last4()).isEqualTo("4242");
      assertThat(c.isDefault()).isTrue();
    });
  }

  @Test
  @DisplayName("a gateway built from configuration takes its signing secret from uncloud.stripe.webhook-secret; without it, it receives no webhooks")
  void fromConfig(@TempDir Path directory) {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    gateway.charge(chf(id("pay"), account, "1.00"));
    SignedEvent event = fake.signedEvent(onlyEvent("payment_intent.succeeded"), SECRET);
    Map<String, String> keys = Map.of("uncloud.stripe.secret-key", "env:STRIPE_SECRET_KEY",
        "uncloud.stripe.api-base", fake.baseUrl(),
        "uncloud.stripe.customer-store-file", directory.resolve("customers.properties").toString());
    ProviderConfig config = ProviderConfig.of(keys).with("uncloud.stripe.webhook-secret", "env:STRIPE_WEBHOOK_SECRET")
        .withEnvironment(Map.of("STRIPE_SECRET_KEY", "sk_test_config", "STRIPE_WEBHOOK_SECRET", SECRET));

    try (ch.uncloud.spi.PaymentGateway configured = new StripePaymentGatewayProvider().create(config);
        ch.uncloud.spi.PaymentGateway withoutSecret = new StripePaymentGatewayProvider().create(ProviderConfig.of(keys)
            .withEnvironment(Map.of("STRIPE_SECRET_KEY", "sk_test_config")))) {
      assertThat(configured.receivesWebhooks()).isTrue();
      assertThat(configured.verifyWebhook(event.payload(), signed(event)).type())
          .isEqualTo(PaymentEvent.Type.PAYMENT_SUCCEEDED);
      assertThat(withoutSecret.receivesWebhooks()).isFalse();
      assertThatThrownBy(() -> withoutSecret.verifyWebhook(event.payload(), signed(event)))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.stripe.webhook-secret");
    }
  }

  @Test
  @DisplayName("events about objects uncloud did not create are acknowledged and ignored")
  void foreignEvent() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    SignedEvent created = fake.signedEvent(onlyEvent("setup_intent.created"), SECRET);

    assertThat(gateway.verifyWebhook(created.payload(), signed(created)).type()).isEqualTo(PaymentEvent.Type.OTHER);
    assertThat(receive(created)).isEqualTo(Outcome.IGNORED);
  }

  @Test
  @DisplayName("the fake delivers signed events over HTTP; a redelivery changes nothing")
  void deliveredOverHttp() throws Exception {
    List<String> outcomes = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.createContext("/stripe/webhook", exchange -> {
      int status;
      try (InputStream in = exchange.getRequestBody()) {
        Outcome outcome = uncloud.paymentEvents().receiveWebhook(new String(in.readAllBytes(), StandardCharsets.UTF_8),
            Map.of("Stripe-Signature", exchange.getRequestHeaders().getFirst("Stripe-Signature")));
        outcomes.add(outcome.name());
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
      assertThat(outcomes).filteredOn(o -> o.equals("DUPLICATE")).hasSize(1);
      assertThat(gateway.paymentMethods(account)).hasSize(1);
    } finally {
      receiver.stop(0);
    }
  }
}
