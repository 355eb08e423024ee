package ch.uncloud.core.internal;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentRecords;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the payment provider's events: verified by the gateway (its webhook signature check stays
 * inside the provider), applied here one at a time and at most once per event id. A succeeded top-up
 * becomes its deposit through {@link CardTopUps} (idempotent on the payment id, so the direct call and
 * the event book it once); a completed card registration is completed through the gateway (idempotent
 * too); a failed payment is logged. The applied ids are kept in the payment records when there are
 * any (shared by every process on the ledger's database), else in memory: after a restart a
 * redelivered event is then applied again, which the idempotent steps make harmless. Thread-safe.
 *
 * <p>Names in events are resolved to the directory's stored spelling. A top-up for an account the
 * directory does not know is kept in the ledger's store as an unapplied payment (idempotent on its
 * payment id) until an admin who owns the cashier service applies it; a card registration uncloud did
 * not start is acknowledged and ignored, so the provider stops delivering it.
 */
public final class CorePaymentEvents implements PaymentEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CorePaymentEvents.class);

  private final Announcements announcements;
  private final PaymentGateway payments;
  private final CoreCardTopUps topUps;
  private final CoreCreditService credit;
  private final Ledger ledger;
  private final Clock clock;
  private final Set<String> applied = ConcurrentHashMap.newKeySet();
  private final PaymentRecords records;
  /** The records' provider name for applied webhook events. */
  static final String EVENTS = "payment-events";

  /**
   * @param payments the payment gateway, or {@code null} if none is configured
   * @param topUps where succeeded top-ups are booked
   * @param credit the credit service: names, admins, bookings
   * @param ledger where unapplied payments are kept
   * @param clock the clock
   * @param records where applied event ids are kept, or {@code null} to keep them in memory
   */
  public CorePaymentEvents(PaymentGateway payments, CoreCardTopUps topUps, CoreCreditService credit, Ledger ledger,
      Clock clock, PaymentRecords records, Announcements announcements) {
    this.announcements = Objects.requireNonNull(announcements, "announcements");
    this.records = records;
    this.payments = payments;
    this.topUps = Objects.requireNonNull(topUps, "topUps");
    this.credit = Objects.requireNonNull(credit, "credit");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean receivesWebhooks() {
    return payments != null && payments.receivesWebhooks();
  }

  @Override
  public Outcome receiveWebhook(String payload, Map<String, String> headers) {
    if (!receivesWebhooks()) {
      throw new ConfigurationException("payment webhooks are off: no payment gateway that receives webhooks is "
          + "configured; set uncloud.payments=stripe and uncloud.stripe.webhook-secret, or wire one with "
          + "UncloudCore.builder().payments(...)");
    }
    Map<String, String> anyCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      anyCase.putAll(headers);
    }
    return apply(payments.verifyWebhook(payload, anyCase));
  }

  @Override
  public synchronized Outcome apply(PaymentEvent event) {
    Objects.requireNonNull(event, "event");
    if (applied.contains(event.id()) || records != null && records.isEventApplied(EVENTS, event.id())) {
      LOG.info("payment event {} ({}) was applied before; nothing changes", event.id(), event.providerType());
      return Outcome.DUPLICATE;
    }
    Outcome outcome = switch (event.type()) {
      case PAYMENT_SUCCEEDED -> paymentSucceeded(event);
      case PAYMENT_FAILED -> {
        Payment payment = event.payment();
        LOG.info("card payment {} of {} failed ({}), event {}", payment.paymentId(), payment.account(),
            event.failureReason(), event.id());
        yield Outcome.APPLIED;
      }
      case CARD_SETUP_SUCCEEDED -> cardSetupSucceeded(event);
      case OTHER -> {
        LOG.info("payment event {} ({}) is not acted on; acknowledged and ignored", event.id(), event.providerType());
        yield Outcome.IGNORED;
      }
    };
    applied.add(event.id());
    if (records != null) {
      records.eventApplied(EVENTS, event.id(), clock.instant());
    }
    return outcome;
  }

  @Override
  public List<UnappliedPayment> unappliedPayments() {
    return ledger.unappliedPayments().stream().filter(p -> !p.isApplied()).toList();
  }

  @Override
  public List<UnappliedPayment> unappliedPayments(AdminSession session) {
    credit.requireCashierOrReader(session, "list unapplied payments");
    return unappliedPayments();
  }

  @Override
  public synchronized Charge applyUnapplied(AdminSession session, String paymentId, Username account) {
    credit.requireCashier(session, "apply unapplied payments");
    UnappliedPayment kept = ledger.unappliedPayments().stream().filter(p -> p.paymentId().equals(paymentId)).findFirst()
        .orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT, "no unapplied payment " + paymentId
            + " is kept; list them with `uncloud payments unapplied`"));
    Username to = credit.canonical(account);
    if (kept.isApplied() && !kept.appliedTo().equals(to)) {
      throw new ConflictException(ErrorCodes.ALREADY_APPLIED, "payment " + paymentId + " was applied to " + kept.appliedTo()
          + " by " + kept.appliedBy() + " at " + kept.appliedAt() + "; a payment is booked once (reverse that deposit first "
          + "if it was wrong)");
    }
    // booked first, idempotent on the payment id, so a crash before the mark leaves it to apply again
    Charge booked = topUps.book(to, kept.amount(), paymentId);
    ledger.markApplied(paymentId, to, booked.id(), session.admin(), clock.instant());
    LOG.info("unapplied payment {} of {} (named {}) applied to {} by {}", paymentId, kept.amount(), kept.account(), to,
        session.admin());
    return booked;
  }

  /**
   * Top-ups are booked here, on the directory's spelling of the account; one for an account the
   * directory does not know is kept unapplied. Bill payments are settled by the billing run.
   */
  private Outcome paymentSucceeded(PaymentEvent event) {
    Payment payment = event.payment();
    if (!payment.paymentId().startsWith(CardTopUps.PAYMENT_PREFIX)) {
      LOG.info("payment {} succeeded, event {}; the billing run settles its bill", payment.paymentId(), event.id());
      return Outcome.APPLIED;
    }
    Optional<Username> account = credit.knownUsers().find(payment.account(), clock.instant());
    if (account.isEmpty()) {
      ledger.keepUnapplied(UnappliedPayment.received(payment, event.id(), clock.instant()));
      LOG.warn("top-up {} of {} names {}, who is not in the directory: nothing booked, kept as an unapplied payment; "
          + "apply it with `uncloud payments apply {} --to USER`", payment.paymentId(), payment.amount(),
          payment.account(), payment.paymentId());
      return Outcome.UNAPPLIED;
    }
    topUps.book(account.get(), payment.amount(), payment.paymentId());
    LOG.info("top-up {} of {} for {} booked through event {}", payment.paymentId(), payment.amount(), account.get(),
        event.id());
    return Outcome.APPLIED;
  }

  /** Completes a registration uncloud started; one it did not start (or for a stranger) is ignored. */
  private Outcome cardSetupSucceeded(PaymentEvent event) {
    Optional<Username> account = credit.knownUsers().find(event.account(), clock.instant());
    try {
      if (account.isPresent()) {
        PaymentMethod card = gateway().completeCardSetup(account.get(), event.setupId());
        announcements.cardRegistered(records, account.get(), CoreCards.providerName(gateway()), event.setupId(),
            clock.instant());
        LOG.info("card {} of {} saved through event {}", card.id(), account.get(), event.id());
        return Outcome.APPLIED;
      }
    } catch (NotFoundException e) {
      if (!ErrorCodes.UNKNOWN_CARD_SETUP.equals(e.errorCode())) {
        throw e;
      }
    }
    LOG.info("card registration {} in event {} was not started by uncloud for {}; acknowledged and ignored",
        event.setupId(), event.id(), event.account());
    return Outcome.IGNORED;
  }

  private PaymentGateway gateway() {
    if (payments == null) {
      throw new ConfigurationException("a card registration event arrived but no payment gateway is configured; "
          + "wire one with UncloudCore.builder().payments(...) or set uncloud.payments");
    }
    return payments;
  }
}
