package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentEvents.Outcome;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.InMemoryPaymentGateway.WebhookDelivery;
import ch.uncloud.testkit.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The payment provider's events, verified by the gateway and applied by the core")
class PaymentEventsTest {
  private static final String SECRET = "whsec_core_test";
  private static final Username SCHULDNER = Username.of("schuldner");
  private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create(clock).receiveWebhooksSignedWith(SECRET);
  private final Uncloud uncloud = UncloudCore.builder().ledger(ledger)
      .directory(InMemoryAccountDirectory.withContractFixture()).payments(gateway).clock(clock)
      .admin("vppadmin", Secret.of("vppgeheim"))
      .admin("bursar", Secret.of("bursargeheim"))
      .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build())
      .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private void registerCard(String testCard) {
    String setup = gateway.startCardSetup(SCHULDNER).setupId();
    gateway.confirmCardSetup(setup, testCard);
    gateway.completeCardSetup(SCHULDNER, setup);
  }

  private String lastEvent(PaymentEvent.Type type) {
    return gateway.events().stream().filter(e -> e.type() == type).reduce((a, b) -> b).orElseThrow().id();
  }

  private Outcome deliver(String eventId) {
    WebhookDelivery delivery = gateway.webhook(eventId);
    return uncloud.paymentEvents().receiveWebhook(delivery.payload(), delivery.headers());
  }

  @Test
  @DisplayName("a top-up's succeeded event books nothing twice: not after the direct call, not on redelivery")
  void topUpOnce() {
    registerCard("pm_card_visa");
    uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "e-1");
    String event = lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED);

    assertThat(deliver(event)).isEqualTo(Outcome.APPLIED);
    assertThat(deliver(event)).isEqualTo(Outcome.DUPLICATE);
    assertThat(deliver(event)).isEqualTo(Outcome.DUPLICATE);

    assertThat(ledger.entries(SCHULDNER)).hasSize(1);
    assertThat(uncloud.credit().amountAvailable(SCHULDNER)).isEqualTo(Money.of("10.00", "CHF"));
  }

  @Test
  @DisplayName("the event books a top-up whose direct call never got its answer")
  void eventBooksLostTopUp() {
    registerCard("pm_card_visa");
    gateway.loseNextChargeAnswer();
    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "e-2"))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(ledger.entries(SCHULDNER)).isEmpty();

    assertThat(deliver(lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED))).isEqualTo(Outcome.APPLIED);

    assertThat(uncloud.credit().amountAvailable(SCHULDNER)).isEqualTo(Money.of("10.00", "CHF"));
  }

  @Test
  @DisplayName("an event whose application failed is not remembered, so the provider's redelivery applies it")
  void failureAllowsRedelivery() {
    registerCard("pm_card_visa");
    gateway.loseNextChargeAnswer();
    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("2.00", "CHF"), "e-3"))
        .isInstanceOf(ProviderUnavailableException.class);
    String event = lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED);
    ledger.failNextPosts(1);

    assertThatThrownBy(() -> deliver(event)).isInstanceOf(ProviderUnavailableException.class);
    assertThat(deliver(event)).isEqualTo(Outcome.APPLIED);
    assertThat(deliver(event)).isEqualTo(Outcome.DUPLICATE);
    assertThat(ledger.entries(SCHULDNER)).hasSize(1);
  }

  @Test
  @DisplayName("a failed payment's event is acknowledged and books nothing")
  void failedPayment() {
    registerCard("pm_card_chargeCustomerFail");
    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("5.00", "CHF"), "e-4"))
        .isInstanceOf(PaymentException.class);
    PaymentEvent failed = gateway.events().stream().filter(e -> e.type() == PaymentEvent.Type.PAYMENT_FAILED)
        .findFirst().orElseThrow();

    assertThat(failed.failureReason()).isEqualTo("generic_decline");
    assertThat(deliver(failed.id())).isEqualTo(Outcome.APPLIED);
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
  }

  @Test
  @DisplayName("a bill payment's event changes nothing: the billing run settles bills")
  void billPayment() {
    registerCard("pm_card_visa");
    gateway.charge(new PaymentRequest("bill-202611-schuldner-1", SCHULDNER, Money.of("5.00", "CHF"), "bill"));

    assertThat(deliver(lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED))).isEqualTo(Outcome.APPLIED);
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
  }

  @Test
  @DisplayName("a completed card registration saves the card, even before the front end reported back")
  void cardSetup() {
    String setup = gateway.startCardSetup(SCHULDNER).setupId();
    gateway.confirmCardSetup(setup, "pm_card_visa");

    assertThat(deliver(lastEvent(PaymentEvent.Type.CARD_SETUP_SUCCEEDED))).isEqualTo(Outcome.APPLIED);

    assertThat(gateway.paymentMethods(SCHULDNER)).singleElement().satisfies(card -> {
      assertThat(card.last4()).isEqualTo("4242");
      assertThat(card.isDefault()).isTrue();
    });
  }

  @Test
  @DisplayName("a completed card registration uncloud did not start is acknowledged and ignored, once")
  void foreignCardSetupIgnored() {
    PaymentEvent foreign = PaymentEvent.cardSetupSucceeded("evt_foreign_1", "setup_intent.succeeded", SCHULDNER, "seti_foreign");
    PaymentEvent stranger = PaymentEvent.cardSetupSucceeded("evt_foreign_2", "setup_intent.succeeded",
        Username.of("ghost"), "seti_foreign");

    assertThat(uncloud.paymentEvents().apply(foreign)).isEqualTo(Outcome.IGNORED);
    assertThat(uncloud.paymentEvents().apply(foreign)).isEqualTo(Outcome.DUPLICATE);
    assertThat(uncloud.paymentEvents().apply(stranger)).isEqualTo(Outcome.IGNORED);
    assertThat(gateway.paymentMethods(SCHULDNER)).isEmpty();
  }

  @Test
  @DisplayName("a setup_intent.succeeded uncloud did not start is logged once, at info level, and its redelivery once more as a duplicate")
  void foreignCardSetupLoggedOnce() {
    PaymentEvent foreign = PaymentEvent.cardSetupSucceeded("evt_foreign_3", "setup_intent.succeeded", SCHULDNER, "seti_elsewhere");

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(uncloud.paymentEvents().apply(foreign)).isEqualTo(Outcome.IGNORED);
      assertThat(uncloud.paymentEvents().apply(foreign)).isEqualTo(Outcome.DUPLICATE);
    } finally {
      System.setErr(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("evt_foreign_3")))
        .satisfiesExactly(
            first -> assertThat(first).contains("INFO").contains("seti_elsewhere").contains("acknowledged and ignored"),
            redelivered -> assertThat(redelivered).contains("INFO").contains("applied before"));
  }

  @Test
  @DisplayName("a top-up for an account not in the directory books nothing; it is kept unapplied once, and an admin applies it once")
  void topUpForUnknownAccountIsKeptUntilApplied() {
    PaymentEvent ghostTopUp = PaymentEvent.paymentSucceeded("evt_ghost", "payment_intent.succeeded", new Payment(
        "topup-ghost-1", Username.of("ghost"), Money.of("20.00", "CHF"), PaymentStatus.SUCCEEDED, "pi_1", Money.of("0.00", "CHF")));

    assertThat(uncloud.paymentEvents().apply(ghostTopUp)).isEqualTo(Outcome.UNAPPLIED);
    assertThat(uncloud.paymentEvents().apply(ghostTopUp)).isEqualTo(Outcome.DUPLICATE);
    assertThat(ledger.balances(Currency.getInstance("CHF"))).isEmpty();
    assertThat(uncloud.paymentEvents().unappliedPayments()).singleElement().satisfies(p -> {
      assertThat(p.paymentId()).isEqualTo("topup-ghost-1");
      assertThat(p.account()).isEqualTo(Username.of("ghost"));
      assertThat(p.amount()).isEqualTo(Money.of("20.00", "CHF"));
    });

    AdminSession bursar = uncloud.credit().authenticate("bursar", Secret.of("bursargeheim"));
    AdminSession vppadmin = uncloud.credit().authenticate("vppadmin", Secret.of("vppgeheim"));
    assertThatThrownBy(() -> uncloud.paymentEvents().applyUnapplied(vppadmin, "topup-ghost-1", SCHULDNER))
        .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
    assertThatThrownBy(() -> uncloud.paymentEvents().applyUnapplied(bursar, "topup-nothing", SCHULDNER))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment");
    Charge applied = uncloud.paymentEvents().applyUnapplied(bursar, "topup-ghost-1", Username.of("SCHULDNER"));
    Charge again = uncloud.paymentEvents().applyUnapplied(bursar, "topup-ghost-1", SCHULDNER);

    assertThat(applied.user()).isEqualTo(SCHULDNER);
    assertThat(applied.balance()).isEqualTo(Money.of("20.00", "CHF"));
    assertThat(again.id()).isEqualTo(applied.id());
    assertThat(again.replayed()).isTrue();
    assertThat(uncloud.paymentEvents().unappliedPayments()).isEmpty();
    assertThat(ledger.unappliedPayments()).singleElement().satisfies(p -> {
      assertThat(p.appliedTo()).isEqualTo(SCHULDNER);
      assertThat(p.entry()).isEqualTo(applied.id());
      assertThat(p.appliedBy()).isEqualTo("bursar");
    });
    assertThatThrownBy(() -> uncloud.paymentEvents().applyUnapplied(bursar, "topup-ghost-1", Username.of("nethzuser")))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "already_applied");
    assertThat(uncloud.credit().amountAvailable(SCHULDNER)).isEqualTo(Money.of("20.00", "CHF"));
  }

  @Test
  @DisplayName("an event uncloud does not act on is ignored, once")
  void otherEvents() {
    PaymentEvent other = PaymentEvent.other("evt_other_1", "customer.created");

    assertThat(uncloud.paymentEvents().apply(other)).isEqualTo(Outcome.IGNORED);
    assertThat(uncloud.paymentEvents().apply(other)).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  @DisplayName("the shared payment records keep an applied event with the core's clock's time")
  void appliedEventsAreRecordedAtTheCoresTime() {
    RecordedEvents records = new RecordedEvents();
    clock.set(Instant.parse("2026-11-23T07:08:09.123456789Z"));
    try (Uncloud withRecords = UncloudCore.builder().ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture()).payments(gateway).paymentRecords(records)
        .clock(clock).build()) {
      withRecords.paymentEvents().apply(PaymentEvent.other("evt_other_2", "customer.created"));
    }

    assertThat(records.appliedAt).containsExactly(Map.entry("evt_other_2", Instant.parse("2026-11-23T07:08:09.123456789Z")));
  }

  /** Payment records that only remember which event was recorded as applied, and when. */
  private static final class RecordedEvents implements PaymentRecords {
    final Map<String, Instant> appliedAt = new LinkedHashMap<>();

    @Override
    public Optional<String> customerId(String provider, Username account) {
      return Optional.empty();
    }

    @Override
    public String saveCustomerId(String provider, Username account, String customerId) {
      return customerId;
    }

    @Override
    public boolean isEventApplied(String provider, String eventId) {
      return appliedAt.containsKey(eventId);
    }

    @Override
    public void eventApplied(String provider, String eventId, Instant at) {
      appliedAt.putIfAbsent(eventId, at);
    }

    @Override
    public void close() {}
  }

  @Test
  @DisplayName("a forged, unsigned or tampered delivery is refused and applies nothing")
  void forgeries() {
    registerCard("pm_card_visa");
    gateway.loseNextChargeAnswer();
    assertThatThrownBy(() -> uncloud.topUps().topUp(SCHULDNER, Money.of("10.00", "CHF"), "e-5"))
        .isInstanceOf(ProviderUnavailableException.class);
    String event = lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED);
    WebhookDelivery forged = gateway.webhook(event, "whsec_attacker");
    WebhookDelivery genuine = gateway.webhook(event);

    assertThatThrownBy(() -> uncloud.paymentEvents().receiveWebhook(forged.payload(), forged.headers()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThatThrownBy(() -> uncloud.paymentEvents().receiveWebhook(genuine.payload(), Map.of()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThatThrownBy(() -> uncloud.paymentEvents().receiveWebhook(genuine.payload() + "x", genuine.headers()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThat(ledger.entries(SCHULDNER)).isEmpty();
  }

  @Test
  @DisplayName("header names are matched in any case")
  void headerCase() {
    registerCard("pm_card_visa");
    uncloud.topUps().topUp(SCHULDNER, Money.of("1.00", "CHF"), "e-6");
    WebhookDelivery delivery = gateway.webhook(lastEvent(PaymentEvent.Type.PAYMENT_SUCCEEDED));
    Map<String, String> lowerCase = Map.of(delivery.headers().keySet().iterator().next().toLowerCase(java.util.Locale.ROOT),
        delivery.headers().values().iterator().next());

    assertThat(uncloud.paymentEvents().receiveWebhook(delivery.payload(), lowerCase)).isEqualTo(Outcome.APPLIED);
  }

  @Test
  @DisplayName("without a payment gateway that receives webhooks, receiving is off and says how to turn it on")
  void off() {
    try (Uncloud noPayments = UncloudCore.builder().ledger(InMemoryLedger.create())
            .directory(InMemoryAccountDirectory.withContractFixture()).build();
        Uncloud noSecret = UncloudCore.builder().ledger(InMemoryLedger.create())
            .directory(InMemoryAccountDirectory.withContractFixture()).payments(InMemoryPaymentGateway.create())
            .build()) {
      assertThat(noPayments.paymentEvents().receivesWebhooks()).isFalse();
      assertThat(noSecret.paymentEvents().receivesWebhooks()).isFalse();
      assertThat(uncloud.paymentEvents().receivesWebhooks()).isTrue();
      assertThatThrownBy(() -> noPayments.paymentEvents().receiveWebhook("{}", Map.of()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.stripe.webhook-secret");
      assertThatThrownBy(() -> noSecret.paymentEvents().receiveWebhook("{}", Map.of()))
          .isInstanceOf(ConfigurationException.class);
    }
  }
}
