package ch.uncloud.core.internal;

import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeOutcome;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.MisspelledAccount;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.api.credit.StartDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The credit service, recording into a Micrometer registry: bookings by service and kind
 * ({@value #BOOKINGS}), refusals by error code ({@value #REFUSALS}) and how long each booking call took
 * ({@value #LATENCY}, by operation). Built only when a registry is given, so the core without one loads
 * no Micrometer class and times nothing. Replayed bookings (an idempotency key seen before) are not
 * counted again. Refusals a caller made before the call ({@link #refusedBeforeCall}) are counted with the
 * service's own. Tags are bounded: configured service names, entry kinds, error codes, operations.
 */
public final class MeteredCreditService implements CreditService {
  static final String BOOKINGS = "uncloud.bookings";
  static final String REFUSALS = "uncloud.refusals";
  static final String LATENCY = "uncloud.booking.latency";

  private final CreditService credit;
  private final MeterRegistry registry;
  private final Timer chargeTimer;
  private final Timer depositTimer;
  private final Timer reverseTimer;
  private final Timer captureTimer;
  private final Timer holdTimer;
  private final Timer batchTimer;

  private MeteredCreditService(CreditService credit, MeterRegistry registry) {
    this.credit = Objects.requireNonNull(credit, "credit");
    this.registry = registry;
    this.chargeTimer = timer("charge");
    this.depositTimer = timer("deposit");
    this.reverseTimer = timer("reverse");
    this.captureTimer = timer("capture");
    this.holdTimer = timer("hold");
    this.batchTimer = timer("charge_batch");
  }

  /**
   * @param credit the service to measure
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
   * @return the measured service
   */
  public static CreditService wrap(CreditService credit, Object meterRegistry) {
    return new MeteredCreditService(credit, CoreMeters.registry(meterRegistry));
  }

  private Timer timer(String operation) {
    return Timer.builder(LATENCY).description("how long a booking call took, refusals included")
        .tag("operation", operation).publishPercentileHistogram(false).register(registry);
  }

  private Charge booking(Timer timer, Supplier<Charge> call) {
    long started = System.nanoTime();
    try {
      Charge charge = call.get();
      booked(charge);
      return charge;
    } catch (UncloudException e) {
      refused(e);
      throw e;
    } finally {
      timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private void booked(Charge charge) {
    if (!charge.replayed()) {
      Counter.builder(BOOKINGS).description("entries booked, by service and kind")
          .tag("service", charge.service().toString())
          .tag("kind", charge.entry().kind().name().toLowerCase(Locale.ROOT))
          .register(registry).increment();
    }
  }

  private void refused(UncloudException e) {
    refused(e.errorCode());
  }

  private void refused(String errorCode) {
    Counter.builder(REFUSALS).description("booking calls refused, by error code")
        .tag("code", errorCode).register(registry).increment();
  }

  @Override
  public Charge chargeUser(String admin, Secret password, ChargeRequest request) {
    return booking(chargeTimer, () -> credit.chargeUser(admin, password, request));
  }

  @Override
  public Charge chargeUser(AdminSession session, ChargeRequest request) {
    return booking(chargeTimer, () -> credit.chargeUser(session, request));
  }

  @Override
  public List<ChargeOutcome> chargeAll(AdminSession session, List<ChargeRequest> requests) {
    long started = System.nanoTime();
    try {
      List<ChargeOutcome> outcomes = credit.chargeAll(session, requests);
      for (ChargeOutcome outcome : outcomes) {
        if (outcome.charge() != null) {
          booked(outcome.charge());
        } else {
          refused(outcome.refusal());
        }
      }
      return outcomes;
    } catch (UncloudException e) {
      refused(e);
      throw e;
    } finally {
      batchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public Hold reserve(AdminSession session, HoldRequest request) {
    long started = System.nanoTime();
    try {
      return credit.reserve(session, request);
    } catch (UncloudException e) {
      refused(e);
      throw e;
    } finally {
      holdTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public Charge capture(AdminSession session, HoldId hold, Money amount, String comment) {
    return booking(captureTimer, () -> credit.capture(session, hold, amount, comment));
  }

  @Override
  public Charge deposit(AdminSession session, DepositRequest request) {
    return booking(depositTimer, () -> credit.deposit(session, request));
  }

  @Override
  public Charge reverse(AdminSession session, EntryId entryId, String reason, IdempotencyKey idempotencyKey) {
    return booking(reverseTimer, () -> credit.reverse(session, entryId, reason, idempotencyKey));
  }

  @Override
  public void refusedBeforeCall(String errorCode) {
    CreditService.super.refusedBeforeCall(errorCode);
    refused(errorCode);
  }

  // --- not bookings: passed through unmeasured ---

  @Override
  public java.util.Currency currency() {
    return credit.currency();
  }

  @Override
  public List<ch.uncloud.api.credit.ServiceDefinition> services() {
    return credit.services();
  }

  @Override
  public AdminSession authenticate(String admin, Secret password) {
    return credit.authenticate(admin, password);
  }

  @Override
  public Hold release(AdminSession session, HoldId hold) {
    return credit.release(session, hold);
  }

  @Override
  public Money amountAvailable(Username user) {
    return credit.amountAvailable(user);
  }

  @Override
  public Account status(Username user) {
    return credit.status(user);
  }

  @Override
  public Account status(AdminSession session, Username user) {
    return credit.status(session, user);
  }

  @Override
  public StartDecision mayStart(AdminSession session, ServiceName service, Username user) {
    return credit.mayStart(session, service, user);
  }

  @Override
  public StartDecision mayStart(ServiceName service, Username user) {
    return credit.mayStart(service, user);
  }

  @Override
  public Settlement settlement(AdminSession session, ServiceName service, Quarter quarter) {
    return credit.settlement(session, service, quarter);
  }

  @Override
  public LockReconciliation reconcileLocks() {
    return credit.reconcileLocks();
  }

  @Override
  public LockReconciliation reconcileLocks(AdminSession session) {
    return credit.reconcileLocks(session);
  }

  @Override
  public List<MisspelledAccount> misspelledAccounts() {
    return credit.misspelledAccounts();
  }
}
