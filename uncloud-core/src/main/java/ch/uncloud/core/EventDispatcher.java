package ch.uncloud.core;

import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.api.events.EventType;
import ch.uncloud.core.internal.EventRules;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.OutboxDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's events to the sinks: per sink, each account's events one at a time in commit
 * order, at least once (an event is forgotten for a sink only after the sink said delivered, so a
 * crash in between sends it again, with the same id), retrying failures with exponential backoff
 * ({@link EventSettings#backoff}) for {@link EventSettings#retryFor()}, then parking them for an
 * operator ({@link ch.uncloud.api.events.EventAdministration}). All its state is in the outbox, so it
 * survives restarts. It also announces holds that expired and bills that became overdue, which no
 * write does (overdue bills are looked for at most once an hour).
 *
 * <p>One round ({@link #runOnce()}) moves each sink's cursor over the new events, attempts the due
 * deliveries (one per account, several accounts at once) and records their outcomes in one write.
 * {@link #start()} runs rounds on a background thread until {@link #close()}.
 *
 * <p>Several processes on one database (several gateways) each run a dispatcher, but only one delivers
 * at a time: a round starts by taking the outbox's lease ({@link EventOutbox#lease}, for
 * {@link EventSettings#lease()}) or, holding it, by renewing it once a third of it has passed (so an
 * idle holder writes it rarely); the holder also renews it so before each delivery. One that does not hold it does nothing that round. A holder that dies without
 * releasing the lease (killed) is replaced once its lease expired; one that closes releases it. The
 * holder also purges, at most once an hour, the events every sink received longer ago than
 * {@link EventSettings#retention()}.
 */
public final class EventDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
  private static final int ENQUEUE_LIMIT = 1000;
  private static final int MAX_DETAIL = 500;
  /** The outbox mark up to which expired holds have been announced (nanoseconds since the epoch). */
  static final String HOLDS_MARK = "hold.expired";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final long HOLDS_GRANULARITY_NANOS = 1_000_000_000L;
  /** The outbox mark of the last look for overdue bills (nanoseconds since the epoch). */
  static final String OVERDUE_MARK = "bill.overdue";
  /** How often a dispatcher looks for bills that became overdue (a bill is overdue from the start of a day). */
  static final Duration OVERDUE_INTERVAL = Duration.ofHours(1);
  /** The outbox mark of the last purge of received events (nanoseconds since the epoch). */
  static final String PURGE_MARK = "purge";
  /** How often received events are purged. */
  static final Duration PURGE_INTERVAL = Duration.ofHours(1);
  private static final int PURGE_LIMIT = 10_000;

  private final EventOutbox outbox;
  private final Ledger ledger;
  private final List<EventSink> sinks;
  private final Map<String, Set<EventType>> accepted = new LinkedHashMap<>();
  private final EventSettings settings;
  private final Clock clock;
  private final boolean announceHolds;
  private final java.util.function.Function<Instant, List<Event>> overdueBills;
  private final ExecutorService deliveries;
  private final Object wake = new Object();
  private volatile boolean stopping;
  private Thread thread;
  /** Who this dispatcher is when it takes the outbox's lease: the process and a random part. */
  private final String holder = "pid " + ProcessHandle.current().pid() + " " + java.util.UUID.randomUUID();
  private boolean holding;
  private Instant leaseRenewedAt;

  /**
   * @param outbox where the events and the delivery state are
   * @param ledger the ledger, for the holds that expire
   * @param sinks where to deliver
   * @param settings timing
   * @param clock the clock
   */
  public EventDispatcher(EventOutbox outbox, Ledger ledger, List<EventSink> sinks, EventSettings settings, Clock clock) {
    this(outbox, ledger, sinks, settings, clock, null);
  }

  /**
   * @param outbox where the events and the delivery state are
   * @param ledger the ledger, for the holds that expire
   * @param sinks where to deliver
   * @param settings timing
   * @param clock the clock
   * @param overdueBills the {@code bill.overdue} events of the bills overdue at a time (ids derived from
   *     the bill), looked for at most once per {@link #OVERDUE_INTERVAL}; {@code null} without a shop
   */
  EventDispatcher(EventOutbox outbox, Ledger ledger, List<EventSink> sinks, EventSettings settings, Clock clock,
      java.util.function.Function<Instant, List<Event>> overdueBills) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.sinks = List.copyOf(sinks);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (EventSink sink : this.sinks) {
      Set<EventType> types = EnumSet.noneOf(EventType.class);
      for (EventType type : EventType.values()) {
        if (sink.accepts(type)) {
          types.add(type);
        }
      }
      if (accepted.put(sink.name(), types) != null) {
        throw new IllegalArgumentException("two event sinks are named " + sink.name() + "; give each its own name");
      }
    }
    this.announceHolds = accepted.values().stream().anyMatch(t -> t.contains(EventType.HOLD_EXPIRED));
    this.overdueBills = accepted.values().stream().anyMatch(t -> t.contains(EventType.BILL_OVERDUE)) ? overdueBills : null;
    int n = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.deliveries = Executors.newFixedThreadPool(settings.threads(), task -> {
      Thread t = new Thread(task, "uncloud-events-" + n + "-delivery-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** @return the sinks it delivers to */
  public List<EventSink> sinks() {
    return sinks;
  }

  /**
   * Starts the rounds on a background thread ({@code uncloud-events}).
   *
   * @return this dispatcher, running
   */
  public synchronized EventDispatcher start() {
    if (thread != null) {
      throw new IllegalStateException("the dispatcher runs already");
    }
    thread = new Thread(this::run, "uncloud-events");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Makes a sleeping dispatcher look for events now instead of after its poll interval. */
  public void nudge() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /**
   * One round: announces holds that expired, queues new events for each sink, attempts what is due and
   * records the outcomes.
   *
   * @return how many deliveries were attempted
   */
  public int runOnce() {
    if (!renewLeaseIfDue()) {
      return 0;
    }
    Instant now = clock.instant();
    if (announceHolds) {
      announceExpiredHolds(now);
    }
    if (overdueBills != null) {
      announceOverdueBills(now);
    }
    List<Future<OutboxDelivery>> running = new ArrayList<>();
    for (EventSink sink : sinks) {
      Set<EventType> types = accepted.get(sink.name());
      for (int i = 0; i < 100 && outbox.enqueue(sink.name(), types, now, ENQUEUE_LIMIT) == ENQUEUE_LIMIT; i++) {
        // the cursor moves on until it reaches the end, a bounded number of times per round
      }
      for (OutboxDelivery due : outbox.due(sink.name(), now, settings.batch())) {
        running.add(deliveries.submit(() -> attempt(sink, due)));
      }
    }
    List<OutboxDelivery> outcomes = new ArrayList<>(running.size());
    for (Future<OutboxDelivery> f : running) {
      try {
        outcomes.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        LOG.error("an event delivery failed unexpectedly", e.getCause());
      }
    }
    outbox.update(outcomes);
    purgeIfDue(now);
    return running.size();
  }

  /** @return who this dispatcher is to the outbox's lease */
  public String holder() {
    return holder;
  }

  /** Takes or renews the outbox's lease at {@code now}. @return whether this dispatcher holds it */
  private synchronized boolean holdLease(Instant now) {
    boolean held = outbox.lease(holder, now, settings.lease());
    if (held != holding) {
      LOG.info(held ? "event dispatcher {} delivers now (took the outbox's lease)"
          : "event dispatcher {} stops delivering: another dispatcher holds the outbox's lease", holder);
    }
    holding = held;
    leaseRenewedAt = held ? now : null;
    return held;
  }

  /** Renews the lease once a third of it has passed since the last renewal. @return whether it is still held */
  private synchronized boolean renewLeaseIfDue() {
    Instant now = clock.instant();
    if (leaseRenewedAt != null && Duration.between(leaseRenewedAt, now).compareTo(settings.lease().dividedBy(3)) < 0) {
      return true;
    }
    return holdLease(now);
  }

  private void purgeIfDue(Instant now) {
    Long mark = outbox.mark(PURGE_MARK).orElse(null);
    long nowNanos = nanos(now);
    if (mark != null && nowNanos - mark < PURGE_INTERVAL.toNanos()) {
      return;
    }
    Instant before = now.minus(settings.retention());
    int purged = 0;
    for (int i = 0, n = PURGE_LIMIT; i < 100 && n == PURGE_LIMIT; i++) {
      n = outbox.purge(accepted.keySet(), before, PURGE_LIMIT);
      purged += n;
    }
    if (purged > 0) {
      LOG.info("purged {} events every sink received before {}", purged, before);
    }
    outbox.setMark(PURGE_MARK, nowNanos);
  }

  /**
   * Marks where announcing expired holds starts, unless it started already: called when a core that
   * announces them is built, so a hold that expires before a dispatcher's first round (the gateway was
   * down, or started its dispatcher later) is still announced; holds that expired earlier are not.
   *
   * @param outbox the outbox
   * @param now the time the announcing starts
   */
  static void startAnnouncingHolds(EventOutbox outbox, Instant now) {
    if (outbox.mark(HOLDS_MARK).isEmpty()) {
      outbox.setMark(HOLDS_MARK, nanos(now));
    }
  }

  private void announceExpiredHolds(Instant now) {
    Long mark = outbox.mark(HOLDS_MARK).orElse(null);
    long nowNanos = nanos(now);
    if (mark == null) {
      // a dispatcher without a core that marked the start: holds that expired before are not announced
      outbox.setMark(HOLDS_MARK, nowNanos);
      return;
    }
    if (nowNanos - mark < HOLDS_GRANULARITY_NANOS) {
      return; // looked less than a second ago: a round writes no mark more often than once a second
    }
    List<Hold> expired = ledger.holdsExpired(Instant.ofEpochSecond(0, mark), now);
    if (!expired.isEmpty()) {
      outbox.append(expired.stream().map(EventRules::holdExpired).toList());
    }
    outbox.setMark(HOLDS_MARK, nowNanos);
  }

  private void announceOverdueBills(Instant now) {
    Long mark = outbox.mark(OVERDUE_MARK).orElse(null);
    long nowNanos = nanos(now);
    if (mark != null && nowNanos - mark < OVERDUE_INTERVAL.toNanos()) {
      return;
    }
    // unlike holds, bills overdue before events were configured are announced: they are still unpaid
    List<Event> overdue = overdueBills.apply(now);
    if (!overdue.isEmpty()) {
      outbox.append(overdue); // the ids are the bills': one already kept is skipped
    }
    outbox.setMark(OVERDUE_MARK, nowNanos);
  }

  private OutboxDelivery attempt(EventSink sink, OutboxDelivery delivery) {
    if (!renewLeaseIfDue()) {
      return delivery; // another dispatcher took over: it delivers this one
    }
    DeliveryResult result;
    try {
      result = sink.deliver(delivery.event());
      if (result == null) {
        result = DeliveryResult.retry("the sink answered nothing");
      }
    } catch (RuntimeException e) {
      result = DeliveryResult.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return outcome(delivery, result, clock.instant());
  }

  /**
   * @param delivery the delivery attempted
   * @param result what the sink said
   * @param now when it said so
   * @return the delivery as it stands now: delivered, pending with its next attempt, or parked
   */
  OutboxDelivery outcome(OutboxDelivery delivery, DeliveryResult result, Instant now) {
    String detail = result.detail().length() > MAX_DETAIL ? result.detail().substring(0, MAX_DETAIL) : result.detail();
    Event event = delivery.event();
    switch (result.outcome()) {
      case DELIVERED:
        return delivery.delivered();
      case PARK:
        LOG.warn("event {} ({} of {}) parked for {}: {}", event.id(), event.type(), event.account(), delivery.sink(),
            detail);
        return delivery.parked(detail, now);
      default:
        Instant first = delivery.firstFailure() != null ? delivery.firstFailure() : now;
        Instant deadline = first.plus(settings.retryFor());
        if (!now.isBefore(deadline)) {
          LOG.warn("event {} ({} of {}) parked for {} after {} failed attempts since {}: {}", event.id(), event.type(),
              event.account(), delivery.sink(), delivery.attempts() + 1, first, detail);
          return delivery.parked(detail, now);
        }
        Instant next = now.plus(settings.backoff(delivery.attempts() + 1));
        LOG.debug("event {} to {} failed ({}), next attempt at {}", event.id(), delivery.sink(), detail, next);
        return delivery.failed(detail, now, next.isAfter(deadline) ? deadline : next);
    }
  }

  private void run() {
    while (!stopping) {
      int attempted = 0;
      try {
        attempted = runOnce();
      } catch (RuntimeException e) {
        LOG.warn("event delivery round failed: {}; trying again in {}", e.getMessage(), settings.pollInterval());
      }
      if (attempted == 0 && !stopping) {
        synchronized (wake) {
          try {
            wake.wait(Math.max(1, settings.pollInterval().toMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * Stops after the round in progress (its deliveries finish and are recorded) and frees the threads.
   * Idempotent.
   */
  @Override
  public void close() {
    stopping = true;
    nudge();
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deliveries.shutdownNow();
    try {
      deliveries.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    releaseLease();
  }

  /** Gives the lease up, so another dispatcher takes over without waiting for it to expire. */
  private synchronized void releaseLease() {
    if (!holding) {
      return;
    }
    holding = false;
    leaseRenewedAt = null;
    try {
      outbox.releaseLease(holder);
    } catch (RuntimeException e) {
      LOG.warn("event dispatcher {} could not release the outbox's lease ({}); another takes over when it expires",
          holder, e.getMessage());
    }
  }

  private static long nanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
