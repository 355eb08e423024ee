package ch.uncloud.stripe;

import static ch.uncloud.stripe.StripeTestSupport.account;
import static ch.uncloud.stripe.StripeTestSupport.chf;
import static ch.uncloud.stripe.StripeTestSupport.gateway;
import static ch.uncloud.stripe.StripeTestSupport.id;
import static ch.uncloud.stripe.StripeTestSupport.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCategory;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.payments.RefundRequest;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import ch.uncloud.testservers.stripe.FakeStripeServer.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("StripePaymentGateway on the wire")
class StripePaymentGatewayTest {
  private FakeStripeServer fake;
  private StripePaymentGateway gateway;
  private final StripeCustomerStore store = new InMemoryStripeCustomerStore();

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
    gateway = gateway(fake).customerStore(store).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private List<RecordedRequest> posts(String path) {
    return fake.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals(path)).toList();
  }

  @Test
  @DisplayName("a charge is an off-session, confirmed PaymentIntent keyed by uncloud's payment id")
  void chargeOnTheWire() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    String paymentId = id("pay");
    gateway.charge(chf(paymentId, account, "12.50"));

    RecordedRequest create = posts("/v1/payment_intents").get(0);
    assertThat(create.idempotencyKey()).isEqualTo("uncloud-pay-" + paymentId);
    assertThat(create.params()).containsEntry("amount", "1250").containsEntry("currency", "chf")
        .containsEntry("confirm", "true").containsEntry("off_session", "true")
        .containsEntry("metadata", Map.of("uncloud_payment_id", paymentId, "uncloud_account", account.value()));
    assertThat(create.params().get("customer")).asString().startsWith("cus_");
    assertThat(create.params().get("payment_method")).asString().startsWith("pm_");
  }

  @Test
  @DisplayName("card registration uses an off-session SetupIntent on the account's one Stripe customer")
  void registrationOnTheWire() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    register(gateway, fake, account, "pm_card_mastercard");

    assertThat(fake.customerCount()).isEqualTo(1);
    assertThat(posts("/v1/customers")).hasSize(1);
    assertThat(posts("/v1/customers").get(0).idempotencyKey()).startsWith("uncloud-cus-");
    assertThat(posts("/v1/setup_intents")).hasSize(2).allSatisfy(r -> assertThat(r.params())
        .containsEntry("usage", "off_session").containsEntry("payment_method_types", List.of("card")));
    assertThat(store.cards(account)).hasSize(2);
  }

  @Test
  @DisplayName("a crash between send and receive gives UNKNOWN, and the retry finds the one charge Stripe made")
  void crashBetweenSendAndReceive() {
    StripePaymentGateway impatient = gateway(fake).customerStore(store).readTimeout(Duration.ofSeconds(3)).build();
    Username account = account();
    register(impatient, fake, account, "pm_card_visa");
    PaymentRequest request = chf(id("pay"), account, "20.00");
    fake.delayNext("POST", "/v1/payment_intents", Duration.ofSeconds(8));

    Payment lost = impatient.charge(request);
    assertThat(lost.status()).isEqualTo(PaymentStatus.UNKNOWN);
    assertThat(fake.succeededChargeCount()).isEqualTo(1); // Stripe did take the money

    Payment retried = impatient.charge(request);
    assertThat(retried.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(impatient.findPayment(account, request.paymentId())).contains(retried);
    assertThat(fake.paymentIntentCount()).isEqualTo(1);
    assertThat(fake.succeededChargeCount()).isEqualTo(1);
    assertThat(posts("/v1/payment_intents")).hasSize(1);
  }

  @Test
  @DisplayName("a 500 after sending is indeterminate: UNKNOWN, then the retry pays exactly once")
  void serverErrorIsUnknown() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    PaymentRequest request = chf(id("pay"), account, "3.00");
    fake.failNext("POST", "/v1/payment_intents", 500);

    assertThat(gateway.charge(request).status()).isEqualTo(PaymentStatus.UNKNOWN);
    assertThat(gateway.charge(request).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(fake.succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a 409 lock timeout is retried by stripe-java with the same idempotency key, charging once")
  void conflictRetried() {
    StripePaymentGateway retrying = gateway(fake).customerStore(store).maxNetworkRetries(2).build();
    Username account = account();
    register(retrying, fake, account, "pm_card_visa");
    fake.failNext("POST", "/v1/payment_intents", 409);

    assertThat(retrying.charge(chf(id("pay"), account, "3.00")).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    List<RecordedRequest> creates = posts("/v1/payment_intents");
    assertThat(creates).hasSize(2);
    assertThat(creates.get(1).idempotencyKey()).isEqualTo(creates.get(0).idempotencyKey());
    assertThat(fake.succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a rate limit is a retryable error that charged nothing")
  void rateLimited() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    PaymentRequest request = chf(id("pay"), account, "3.00");
    fake.failNext("POST", "/v1/payment_intents", 429);

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("payment_rate_limited");
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
          assertThat(e.getMessage()).contains("nothing was charged").contains("Retry");
        });
    assertThat(fake.paymentIntentCount()).isZero();
    assertThat(gateway.charge(request).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("with a meter registry, each charge is counted and timed by outcome: ok, or the refusal's error code")
  void chargesAreMetered() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    gateway.recordMetricsTo(registry);
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    PaymentRequest request = chf(id("pay"), account, "3.00");
    fake.failNext("POST", "/v1/payment_intents", 429);
    assertThatThrownBy(() -> gateway.charge(request)).isInstanceOf(ProviderUnavailableException.class);
    gateway.charge(request);
    gateway.charge(chf(id("pay"), account, "4.00"));

    assertThat(registry.get(StripeMeters.CALLS).tags("operation", "charge", "outcome", "ok").timer().count()).isEqualTo(2);
    assertThat(registry.get(StripeMeters.CALLS).tags("operation", "charge", "outcome", "payment_rate_limited").timer()
        .count()).isEqualTo(1);
  }

  @Test
  @DisplayName("an unreachable Stripe is a retryable error before anything is sent")
  void unreachable() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    fake.close();

    assertThatThrownBy(() -> gateway.paymentMethods(account))
        .isInstanceOf(ProviderUnavailableException.class).hasFieldOrPropertyWithValue("errorCode", "payment_provider_unreachable")
        .hasMessageContaining("retry");
    assertThatThrownBy(() -> gateway.charge(chf(id("pay"), account, "1.00")))
        .isInstanceOf(ProviderUnavailableException.class).hasFieldOrPropertyWithValue("errorCode", "payment_provider_unreachable");
  }

  @Test
  @DisplayName("a live key is refused by the fake, and the operator is told to check the key without seeing it")
  void liveKeyRefused() {
    String liveKey = "sk_live_thisMustNeverLeak1234";
    StripePaymentGateway live = StripePaymentGateway.builder(Secret.of(liveKey)).apiBase(fake.baseUrl())
        .maxNetworkRetries(0).customerStore(new InMemoryStripeCustomerStore()).build();
    assertThatThrownBy(() -> live.startCardSetup(account()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("payment_provider_credentials");
          assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
          assertThat(e.getMessage()).contains("uncloud.stripe.secret-key").doesNotContain(liveKey)
              .doesNotContain("thisMustNeverLeak");
        });
    assertThat(fake.customerCount()).isZero();
  }

  @Test
  @DisplayName("a key without permission (403) is an operator problem naming restricted keys")
  void permissionDenied() {
    Username account = account();
    fake.failNext("POST", "/v1/customers", 403);
    assertThatThrownBy(() -> gateway.startCardSetup(account))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("payment_provider_credentials");
          assertThat(e.getMessage()).contains("rk_");
        });
  }

  @Test
  @DisplayName("two threads charging the same payment id at once take the money once")
  void concurrentRetries() throws Exception {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    PaymentRequest request = chf(id("pay"), account, "6.00");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> gateway.charge(request));
      var second = pool.submit(() -> gateway.charge(request));
      assertThat(first.get().status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(second.get().status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(second.get().providerReference()).isEqualTo(first.get().providerReference());
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("refunds carry their own idempotency key, derived from uncloud's refund id")
  void refundOnTheWire() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    String paymentId = id("pay");
    gateway.charge(chf(paymentId, account, "10.00"));
    String refundId = id("ref");
    Payment after = gateway.refund(new RefundRequest(refundId, account, paymentId, Money.of("2.50", "CHF")));

    assertThat(after.refunded()).isEqualTo(Money.of("2.50", "CHF"));
    RecordedRequest refund = posts("/v1/refunds").get(0);
    assertThat(refund.idempotencyKey()).isEqualTo("uncloud-refund-" + refundId);
    assertThat(refund.params()).containsEntry("amount", "250");
  }

  @Test
  @DisplayName("an amount Stripe cannot express is refused before anything is sent")
  void notRepresentable() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    int before = fake.requests().size();
    assertThatThrownBy(() -> gateway.charge(new PaymentRequest(id("pay"), account, Money.of("1.50", "MGA"), "x")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "amount_not_representable");
    assertThat(fake.requests()).hasSize(before);
  }

  @Test
  @DisplayName("a 0.10 CHF top-up, below Stripe's minimum of 0.50 CHF, fails with a clear error and takes no money")
  void belowStripesMinimum() {
    Username account = account();
    register(gateway, fake, account, "pm_card_visa");
    assertThatThrownBy(() -> gateway.charge(chf(id("pay"), account, "0.10")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("amount_below_provider_minimum");
          assertThat(e.getMessage()).contains("at least 0.50 chf").contains("Nothing was charged");
        });
    assertThat(fake.succeededChargeCount()).isZero();
    assertThat(gateway.charge(chf(id("pay"), account, "0.50")).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("with a file store, a restarted gateway keeps the account's Stripe customer and cards")
  void fileStoreSurvivesRestart(@TempDir Path dir) {
    Path file = dir.resolve("stripe-customers.properties");
    Username account = account();
    StripePaymentGateway first = gateway(fake).customerStore(FileStripeCustomerStore.open(file)).build();
    register(first, fake, account, "pm_card_visa");

    FileStripeCustomerStore reopened = FileStripeCustomerStore.open(file);
    StripePaymentGateway second = gateway(fake).customerStore(reopened).build();
    assertThat(reopened.cards(account)).singleElement()
        .satisfies(c -> assertThat(c.last4()).isEqualTo("4242"));
    assertThat(second.charge(chf(id("pay"), account, "1.00")).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(fake.customerCount()).isEqualTo(1);
  }
}
