package ch.uncloud.testkit;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardDeclinedException;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.payments.RefundRequest;
import ch.uncloud.spi.PaymentGateway;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link PaymentGateway} in memory that behaves like Stripe's test mode: it knows the same test
 * payment methods ({@code pm_card_visa}, {@code pm_card_chargeDeclined...},
 * {@code pm_card_chargeCustomerFail}, {@code pm_card_authenticationRequired...}), which a test uses
 * in {@link #confirmCardSetup(String, String)} as the front end would. Not registered for discovery.
 *
 * <p>Scripted faults: {@link #failNextCall(UncloudException)} and {@link #loseNextChargeAnswer()} (the
 * charge happens but the caller sees {@link PaymentStatus#UNKNOWN}, as after a timeout). Inspection:
 * {@link #succeededChargeCount()}, {@link #chargeAttempts()}, {@link #payments()}.
 *
 * <p>Webhooks, as a provider sends them: every charge and every confirmed card registration emits a
 * {@link PaymentEvent} ({@link #events()}); after {@link #receiveWebhooksSignedWith(String)} the
 * gateway verifies deliveries, which {@link #webhook(String)} makes (signed, or forged with
 * {@link #webhook(String, String)}), and {@link #verifyWebhook} turns them back into events.
 * Thread-safe.
 */
public final class InMemoryPaymentGateway implements PaymentGateway {
  /** The publishable key this gateway reports; it loads no widget. */
  public static final String PUBLISHABLE_KEY = "pk_test_inmemory";

  private final Clock clock;
  private final InMemoryWebhooks webhooks = new InMemoryWebhooks();
  private final Map<String, Setup> setups = new LinkedHashMap<>();
  private final Map<String, CardSetup> setupsByKey = new LinkedHashMap<>();
  private final Map<Username, Map<String, Card>> cards = new LinkedHashMap<>();
  private final Map<Username, String> defaults = new LinkedHashMap<>();
  private final Map<String, Record> payments = new LinkedHashMap<>();
  private final Map<String, Money> refunds = new LinkedHashMap<>();
  private final Deque<UncloudException> faults = new ArrayDeque<>();
  private boolean loseNextAnswer;
  private int attempts;

  private static final class Setup {
    final Username account;
    final String id;
    String status = "requires_payment_method";
    Card card;
    TestCard.Outcome error;

    Setup(Username account, String id) {
      this.account = account;
      this.id = id;
    }
  }

  private record Card(String id, TestCard testCard, int expMonth, int expYear) {}

  private static final class Record {
    final PaymentRequest request;
    final String reference;
    PaymentStatus status;
    TestCard.Outcome failure;
    Money refunded;

    Record(PaymentRequest request, String reference) {
      this.request = request;
      this.reference = reference;
      this.refunded = Money.zero(request.amount().currency());
    }

    Payment payment() {
      return new Payment(request.paymentId(), request.account(), request.amount(), status, reference, refunded);
    }
  }

  /**
   * One webhook call as the provider would make it.
   *
   * @param payload the body
   * @param headers the headers, the signature among them
   */
  public record WebhookDelivery(String payload, Map<String, String> headers) {
    /**
     * Copies the headers.
     *
     * @param payload the body
     * @param headers the headers
     */
    public WebhookDelivery {
      Objects.requireNonNull(payload, "payload");
      headers = Map.copyOf(headers);
    }
  }

  private InMemoryPaymentGateway(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return an empty gateway on the system clock
   */
  public static InMemoryPaymentGateway create() {
    return create(Clock.systemUTC());
  }

  /**
   * @param clock the clock for card expiry years
   * @return an empty gateway
   */
  public static InMemoryPaymentGateway create(Clock clock) {
    return new InMemoryPaymentGateway(Objects.requireNonNull(clock, "clock"));
  }

  // ---------------------------------------------------------------- front end and faults

  /**
   * Does what the front end does with the client secret: confirms the setup with a test payment
   * method. A card whose bank asks for 3-D Secure waits until {@link #completeSetupAuthentication(String)};
   * a declined card is not saved.
   *
   * @param setupId the setup to confirm
   * @param testPaymentMethod e.g. {@code pm_card_visa}
   */
  public synchronized void confirmCardSetup(String setupId, String testPaymentMethod) {
    Setup setup = setups.get(setupId);
    if (setup == null) {
      throw new IllegalArgumentException("no card setup " + setupId);
    }
    TestCard testCard = TestCard.named(testPaymentMethod)
        .orElseThrow(() -> new IllegalArgumentException("not a Stripe test payment method: " + testPaymentMethod));
    Card card = new Card("pm_mem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), testCard, 12,
        clock.instant().atZone(ZoneOffset.UTC).getYear() + 3);
    switch (testCard.onSetup().kind()) {
      case OK -> {
        setup.card = card;
        setup.status = "succeeded";
        cards.computeIfAbsent(setup.account, a -> new LinkedHashMap<>()).put(card.id(), card);
        webhooks.emit(PaymentEvent.cardSetupSucceeded(webhooks.nextId(), "setup.succeeded", setup.account, setupId));
      }
      case AUTHENTICATE -> {
        setup.card = card;
        setup.status = "requires_action";
      }
      default -> {
        setup.error = testCard.onSetup();
        setup.status = "requires_payment_method";
      }
    }
  }

  /**
   * The card holder passes the bank's 3-D Secure check in the front end.
   *
   * @param setupId a setup waiting for authentication
   */
  public synchronized void completeSetupAuthentication(String setupId) {
    Setup setup = setups.get(setupId);
    if (setup == null || !"requires_action".equals(setup.status)) {
      throw new IllegalStateException("card setup " + setupId + " does not wait for authentication");
    }
    setup.status = "succeeded";
    cards.computeIfAbsent(setup.account, a -> new LinkedHashMap<>()).put(setup.card.id(), setup.card);
    webhooks.emit(PaymentEvent.cardSetupSucceeded(webhooks.nextId(), "setup.succeeded", setup.account, setupId));
  }

  /**
   * @param fault thrown by the next call of any gateway method, instead of doing anything
   */
  public synchronized void failNextCall(UncloudException fault) {
    faults.add(Objects.requireNonNull(fault, "fault"));
  }

  /** The next charge happens, but its caller sees {@link PaymentStatus#UNKNOWN}, as after a timeout. */
  public synchronized void loseNextChargeAnswer() {
    loseNextAnswer = true;
  }

  /**
   * @return how many charges took money
   */
  public synchronized long succeededChargeCount() {
    return payments.values().stream().filter(r -> r.status == PaymentStatus.SUCCEEDED).count();
  }

  /**
   * @return how many charges reached the (fake) card network, retries included
   */
  public synchronized int chargeAttempts() {
    return attempts;
  }

  /**
   * @return every payment, in the order they were first charged
   */
  public synchronized List<Payment> payments() {
    return payments.values().stream().map(Record::payment).toList();
  }

  /**
   * Lets the gateway receive webhooks: deliveries signed with this secret verify.
   *
   * @param signingSecret the webhook signing secret
   * @return this gateway
   */
  public synchronized InMemoryPaymentGateway receiveWebhooksSignedWith(String signingSecret) {
    webhooks.signWith(signingSecret);
    return this;
  }

  /**
   * @return every event the gateway emitted (payments succeeded or failed, card registrations completed), oldest first
   */
  public synchronized List<PaymentEvent> events() {
    return webhooks.events();
  }

  /**
   * @param eventId one of {@link #events()}
   * @return its delivery, signed with the secret given to {@link #receiveWebhooksSignedWith(String)}
   */
  public synchronized WebhookDelivery webhook(String eventId) {
    return webhooks.delivery(eventId, webhooks.signingSecret());
  }

  /**
   * @param eventId one of {@link #events()}
   * @param signingSecret the secret to sign with (another one makes a forgery)
   * @return its delivery, signed with that secret
   */
  public synchronized WebhookDelivery webhook(String eventId, String signingSecret) {
    return webhooks.delivery(eventId, signingSecret);
  }

  private void fault() {
    UncloudException fault = faults.poll();
    if (fault != null) {
      throw fault;
    }
  }

  // ---------------------------------------------------------------- the gateway

  @Override
  public synchronized CardSetup startCardSetup(Username account) {
    Objects.requireNonNull(account, "account");
    fault();
    String id = "seti_mem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    setups.put(id, new Setup(account, id));
    return new CardSetup(id, Secret.of(id + "_secret_" + UUID.randomUUID().toString().replace("-", "")));
  }

  @Override
  public synchronized CardSetup startCardSetup(Username account, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    CardSetup earlier = setupsByKey.get(account + "\n" + key.value());
    if (earlier != null) {
      return earlier;
    }
    CardSetup setup = startCardSetup(account);
    setupsByKey.put(account + "\n" + key.value(), setup);
    return setup;
  }

  /** @return {@value #PUBLISHABLE_KEY}, as a front end would load a widget with */
  @Override
  public Optional<String> publishableKey() {
    return Optional.of(PUBLISHABLE_KEY);
  }

  @Override
  public synchronized PaymentMethod completeCardSetup(Username account, String setupId) {
    fault();
    Setup setup = setups.get(setupId);
    if (setup == null || !setup.account.equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_CARD_SETUP, "card registration " + setupId + " is not one of " + account
          + "'s; start a new one");
    }
    switch (setup.status) {
      case "succeeded":
        break;
      case "requires_action":
        throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " waits for the card holder to "
            + "pass the bank's check in the front end");
      default:
        if (setup.error != null) {
          throw new CardDeclinedException("The card was declined (" + setup.error.declineCode() + "). "
              + CardDeclinedException.adviceFor(setup.error.declineCode()), setup.error.declineCode());
        }
        throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " has no confirmed card yet");
    }
    Map<String, Card> own = cards.getOrDefault(account, Map.of());
    if (!own.containsKey(setup.card.id())) {
      throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " succeeded but its card was removed");
    }
    defaults.putIfAbsent(account, setup.card.id());
    return view(account, setup.card);
  }

  @Override
  public synchronized List<PaymentMethod> paymentMethods(Username account) {
    fault();
    List<PaymentMethod> out = new ArrayList<>();
    List<Card> own = new ArrayList<>(cards.getOrDefault(account, Map.of()).values());
    java.util.Collections.reverse(own); // newest first, as Stripe lists them
    own.forEach(c -> out.add(view(account, c)));
    return List.copyOf(out);
  }

  @Override
  public synchronized void setDefaultPaymentMethod(Username account, String paymentMethodId) {
    fault();
    requireCard(account, paymentMethodId);
    defaults.put(account, paymentMethodId);
  }

  @Override
  public synchronized void removePaymentMethod(Username account, String paymentMethodId) {
    fault();
    requireCard(account, paymentMethodId);
    cards.get(account).remove(paymentMethodId);
    if (paymentMethodId.equals(defaults.get(account))) {
      defaults.remove(account);
    }
  }

  @Override
  public synchronized Payment charge(PaymentRequest request) {
    fault();
    Record earlier = payments.get(request.paymentId());
    if (earlier != null) {
      if (!earlier.request.account().equals(request.account()) || !earlier.request.amount().equals(request.amount())) {
        throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "payment id " + request.paymentId() + " was already used for "
            + earlier.request.amount() + ", not " + request.amount() + ": use a new payment id for a new payment");
      }
      throwIfFailed(earlier);
      return earlier.payment();
    }
    String cardId = defaults.get(request.account());
    if (cardId == null) {
      throw new PaymentException(ErrorCodes.NO_PAYMENT_METHOD, request.account() + " has no default card: " + Cards.HOW_TO_REGISTER);
    }
    Card card = cards.get(request.account()).get(cardId);
    attempts++;
    Record record = new Record(request, "pi_mem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    TestCard.Outcome outcome = card.testCard().onCharge();
    if (outcome.kind() == TestCard.Kind.OK) {
      record.status = PaymentStatus.SUCCEEDED;
    } else {
      record.status = PaymentStatus.FAILED;
      record.failure = outcome;
    }
    payments.put(request.paymentId(), record);
    webhooks.emit(record.status == PaymentStatus.SUCCEEDED
        ? PaymentEvent.paymentSucceeded(webhooks.nextId(), "payment.succeeded", record.payment())
        : PaymentEvent.paymentFailed(webhooks.nextId(), "payment.failed", record.payment(),
            record.failure.declineCode()));
    if (loseNextAnswer) {
      loseNextAnswer = false;
      return new Payment(request.paymentId(), request.account(), request.amount(), PaymentStatus.UNKNOWN, null,
          Money.zero(request.amount().currency()));
    }
    throwIfFailed(record);
    return record.payment();
  }

  private static void throwIfFailed(Record record) {
    if (record.failure == null) {
      return;
    }
    if (record.failure.kind() == TestCard.Kind.AUTHENTICATE) {
      throw new PaymentException(ErrorCodes.CARD_AUTHENTICATION_REQUIRED, "The card holder's bank wants them to confirm this payment; "
          + "ask them to pay once while present, or to register the card again.");
    }
    throw new CardDeclinedException("The card was declined (" + record.failure.declineCode() + "). "
        + CardDeclinedException.adviceFor(record.failure.declineCode()), record.failure.declineCode());
  }

  @Override
  public synchronized Optional<Payment> findPayment(Username account, String paymentId) {
    fault();
    Record record = payments.get(paymentId);
    return record == null || !record.request.account().equals(account) ? Optional.empty()
        : Optional.of(record.payment());
  }

  @Override
  public synchronized Payment refund(RefundRequest request) {
    fault();
    Record record = payments.get(request.paymentId());
    if (record == null || !record.request.account().equals(request.account())) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT, "no payment " + request.paymentId() + " of " + request.account() + " is known");
    }
    if (record.status != PaymentStatus.SUCCEEDED) {
      throw new InvalidRequestException(ErrorCodes.PAYMENT_NOT_REFUNDABLE, "payment " + request.paymentId() + " is " + record.status
          + ", so there is nothing to refund");
    }
    if (!record.request.amount().currency().equals(request.amount().currency())) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "refund " + request.refundId() + " is in another currency than its payment");
    }
    Money earlier = refunds.get(request.refundId());
    if (earlier != null) {
      if (!earlier.equals(request.amount())) {
        throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "refund id " + request.refundId() + " was already used for "
            + earlier + ": use a new refund id");
      }
      return record.payment();
    }
    Money rest = record.request.amount().minus(record.refunded);
    if (request.amount().compareTo(rest) > 0) {
      throw new InvalidRequestException(ErrorCodes.REFUND_EXCEEDS_PAYMENT, "refund " + request.refundId() + " of " + request.amount()
          + " exceeds what is left unrefunded of payment " + request.paymentId() + " (" + rest + ")");
    }
    record.refunded = record.refunded.plus(request.amount());
    refunds.put(request.refundId(), request.amount());
    return record.payment();
  }

  @Override
  public synchronized boolean receivesWebhooks() {
    return webhooks.enabled();
  }

  @Override
  public synchronized PaymentEvent verifyWebhook(String payload, Map<String, String> headers) {
    return webhooks.verify(payload, headers);
  }

  @Override
  public void close() {
    // nothing to release
  }

  private void requireCard(Username account, String paymentMethodId) {
    if (paymentMethodId == null || !cards.getOrDefault(account, Map.of()).containsKey(paymentMethodId)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT_METHOD, "card " + paymentMethodId + " is not one of " + account
          + "'s saved cards; list them to see which exist");
    }
  }

  private PaymentMethod view(Username account, Card card) {
    return new PaymentMethod(card.id(), card.testCard().brand(), card.testCard().last4(), card.expMonth(),
        card.expYear(), card.id().equals(defaults.get(account)));
  }
}
