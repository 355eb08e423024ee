package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.api.events.EventType;
import ch.uncloud.core.EventDispatcher;
import ch.uncloud.core.EventSettings;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.testkit.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several dispatchers on one database (several gateways on one PostgreSQL, or processes on one SQLite
 * file), each with its own ledger handle as a process has: one delivers at a time, through the
 * outbox's lease; a holder that dies is replaced once its lease expired.
 */
abstract class DispatcherLeaseBehaviour {
  private static final List<String> ACCOUNTS = List.of("alice", "bob", "carol");
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** @return a new ledger handle on the database under test (the same database each call within a test) */
  abstract JdbcLedger ledger();

  /** A webhook receiver both dispatchers post to, which notes who delivers and whether two dispatchers overlap. */
  private static class Receiver implements EventSink {
    final List<Event> received = new CopyOnWriteArrayList<>();
    final Map<String, Integer> inFlightByDispatcher = new ConcurrentHashMap<>();
    final Set<String> dispatchers = ConcurrentHashMap.newKeySet();
    final AtomicBoolean overlapped = new AtomicBoolean();

    @Override
    public String name() {
      return "hook";
    }

    @Override
    public boolean accepts(EventType type) {
      return type == EventType.CARD_REGISTERED;
    }

    @Override
    public DeliveryResult deliver(Event event) {
      // delivery threads are named uncloud-events-<dispatcher>-delivery-<n>
      String dispatcher = Thread.currentThread().getName().replaceAll("-delivery-\\d+$", "");
      dispatchers.add(dispatcher);
      inFlightByDispatcher.merge(dispatcher, 1, Integer::sum);
      try {
        if (inFlightByDispatcher.entrySet().stream().filter(e -> e.getValue() > 0).count() > 1) {
          overlapped.set(true);
        }
        Thread.sleep(2);
        received.add(event);
        return DeliveryResult.delivered();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return DeliveryResult.retry("interrupted");
      } finally {
        inFlightByDispatcher.merge(dispatcher, -1, Integer::sum);
      }
    }

    List<String> of(String account) {
      return received.stream().filter(e -> e.account().value().equals(account)).map(e -> e.data().get("setup")).toList();
    }
  }

  private static List<Event> events(int perAccount, int from) {
    List<Event> events = new ArrayList<>();
    for (int i = from; i < from + perAccount; i++) {
      for (String account : ACCOUNTS) {
        String setup = String.format("seti_%03d", i);
        events.add(new Event(EventId.derived(account + "/" + setup), EventType.CARD_REGISTERED,
            Instant.parse("2026-11-03T08:00:00Z"), Username.of(account), Map.of("provider", "stripe", "setup", setup)));
      }
    }
    return events;
  }

  private static List<String> setups(int perAccount, int from) {
    List<String> setups = new ArrayList<>();
    for (int i = from; i < from + perAccount; i++) {
      setups.add(String.format("seti_%03d", i));
    }
    return setups;
  }

  private static EventDispatcher dispatcher(JdbcLedger ledger, EventSink sink, Clock clock) {
    EventSettings settings = EventSettings.defaults().withLease(LEASE).withPollInterval(Duration.ofMillis(20));
    return new EventDispatcher(ledger.outbox().orElseThrow(), ledger, List.of(sink), settings, clock);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited a minute for " + what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  @DisplayName("two dispatchers on one database deliver every event exactly once, in order per account, "
      + "never both at once, and the second takes over when the first closes")
  void twoDispatchersDeliverEachEventOnceInOrder() throws InterruptedException {
    Receiver receiver = new Receiver();
    try (JdbcLedger first = ledger(); JdbcLedger second = ledger()) {
      EventOutbox outbox = first.outbox().orElseThrow();
      outbox.append(events(40, 0));
      EventDispatcher one = dispatcher(first, receiver, Clock.systemUTC()).start();
      await(() -> !receiver.received.isEmpty(), "the first delivery");
      EventDispatcher two = dispatcher(second, receiver, Clock.systemUTC()).start();
      second.outbox().orElseThrow().append(events(20, 40));
      await(() -> receiver.received.size() >= 90, "half the deliveries");
      one.close();
      await(() -> receiver.received.size() >= 180, "every delivery");
      Thread.sleep(200); // a duplicate would arrive now
      two.close();
    }

    assertThat(receiver.received).hasSize(180).extracting(Event::id).doesNotHaveDuplicates();
    for (String account : ACCOUNTS) {
      assertThat(receiver.of(account)).as(account).containsExactlyElementsOf(setups(60, 0));
    }
    assertThat(receiver.overlapped).as("two dispatchers delivering at the same time").isFalse();
    assertThat(receiver.dispatchers).as("both delivered, one after the other").hasSize(2);
  }

  @Test
  @DisplayName("a holder that dies without releasing the lease is replaced once the lease expired, not before")
  void aDeadHolderIsReplacedAfterTheLeaseExpires() {
    TestClock clock = TestClock.at("2026-11-03T08:00:00Z");
    Receiver receiver = new Receiver();
    try (JdbcLedger first = ledger(); JdbcLedger second = ledger()) {
      EventOutbox outbox = first.outbox().orElseThrow();
      outbox.append(events(2, 0));
      EventDispatcher killed = dispatcher(first, receiver, clock);
      EventDispatcher survivor = dispatcher(second, receiver, clock);
      assertThat(killed.runOnce()).isEqualTo(3);
      assertThat(killed.runOnce()).isEqualTo(3);
      assertThat(survivor.runOnce()).as("the holder is alive").isZero();
      // the holder is killed here: it never runs again and never releases its lease
      outbox.append(events(1, 2));

      clock.advance(LEASE.minusSeconds(1));
      int beforeExpiry = survivor.runOnce();
      clock.advance(Duration.ofSeconds(1));
      int atExpiry = survivor.runOnce();

      assertThat(beforeExpiry).as("deliveries before the lease expired").isZero();
      assertThat(atExpiry).isEqualTo(3);
      assertThat(killed.runOnce()).as("the old holder, should it come back, no longer delivers").isZero();
    }
    for (String account : ACCOUNTS) {
      assertThat(receiver.of(account)).as(account).containsExactlyElementsOf(setups(3, 0));
    }
    assertThat(Collections.frequency(receiver.received.stream().map(Event::id).toList(),
        receiver.received.get(0).id())).isEqualTo(1);
  }

  @Test
  @DisplayName("events every sink received are purged once older than the retention; parked ones stay until "
      + "resent and received, and the newest event always stays")
  void receivedEventsArePurgedAfterTheRetention() {
    TestClock clock = TestClock.at("2026-11-03T08:00:00Z");
    AtomicBoolean bobsReceiverDown = new AtomicBoolean(true);
    Receiver receiver = new Receiver() {
      @Override
      public DeliveryResult deliver(Event event) {
        return event.account().value().equals("bob") && bobsReceiverDown.get() ? DeliveryResult.park("gone")
            : super.deliver(event);
      }
    };
    try (JdbcLedger ledger = ledger()) {
      EventOutbox outbox = ledger.outbox().orElseThrow();
      outbox.append(events(2, 0));
      outbox.append(events(1, 2));
      EventDispatcher dispatcher = dispatcher(ledger, receiver, clock);
      while (dispatcher.runOnce() > 0) {
        // deliver and park
      }
      assertThat(outbox.parked(10)).hasSize(3);

      clock.advance(Duration.ofDays(29));
      dispatcher.runOnce();
      assertThat(outbox.events(0, 100)).as("within the retention").hasSize(9);
      clock.advance(Duration.ofDays(2));
      dispatcher.runOnce();
      assertThat(outbox.events(0, 100)).extracting(e -> e.account().value() + " " + e.data().get("setup"))
          .containsExactly("bob seti_000", "bob seti_001", "bob seti_002", "carol seti_002");

      bobsReceiverDown.set(false);
      outbox.parked(10).forEach(p -> outbox.resend(p.sink(), p.event().id(), clock.instant()));
      while (dispatcher.runOnce() > 0) {
        // deliver what was resent
      }
      clock.advance(Duration.ofHours(1));
      dispatcher.runOnce();
      assertThat(outbox.events(0, 100)).extracting(e -> e.account().value() + " " + e.data().get("setup"))
          .containsExactly("carol seti_002");
    }
    assertThat(receiver.of("bob")).containsExactlyElementsOf(setups(3, 0));
  }
}
