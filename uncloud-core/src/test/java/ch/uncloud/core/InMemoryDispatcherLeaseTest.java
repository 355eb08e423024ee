package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.testkit.InMemoryEventSink;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory outbox takes turns between dispatchers and purges received events as a database's does. */
class InMemoryDispatcherLeaseTest {
  private static final Instant T0 = Instant.parse("2026-11-03T08:00:00Z");

  private static Event card(String account, String setup) {
    return new Event(EventId.derived(account + "/" + setup), EventType.CARD_REGISTERED, T0, Username.of(account),
        Map.of("provider", "stripe", "setup", setup));
  }

  @Test
  @DisplayName("of two dispatchers on one in-memory outbox one delivers; the other takes over once the first's lease expired or it closed")
  void oneDispatcherDeliversAtATime() {
    TestClock clock = TestClock.at(T0);
    InMemoryLedger ledger = InMemoryLedger.create();
    InMemoryEventSink sink = InMemoryEventSink.named("cards", Set.of(EventType.CARD_REGISTERED));
    EventSettings settings = EventSettings.defaults().withLease(Duration.ofSeconds(30));
    var outbox = ledger.outbox().orElseThrow();
    EventDispatcher first = new EventDispatcher(outbox, ledger, List.of(sink), settings, clock);
    EventDispatcher second = new EventDispatcher(outbox, ledger, List.of(sink), settings, clock);
    outbox.append(List.of(card("alice", "seti_1")));

    assertThat(first.runOnce()).isEqualTo(1);
    outbox.append(List.of(card("alice", "seti_2")));
    assertThat(second.runOnce()).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(second.runOnce()).isEqualTo(1);
    outbox.append(List.of(card("alice", "seti_3")));
    second.close();
    assertThat(first.runOnce()).as("a closed holder released its lease").isEqualTo(1);

    assertThat(sink.delivered()).extracting(e -> e.data().get("setup")).containsExactly("seti_1", "seti_2", "seti_3");
  }

  @Test
  @DisplayName("the in-memory outbox purges events every sink received after the retention, and keeps the newest")
  void purgesReceivedEvents() {
    TestClock clock = TestClock.at(T0);
    InMemoryLedger ledger = InMemoryLedger.create();
    InMemoryEventSink sink = InMemoryEventSink.named("cards", Set.of(EventType.CARD_REGISTERED));
    var outbox = ledger.outbox().orElseThrow();
    EventDispatcher dispatcher = new EventDispatcher(outbox, ledger, List.of(sink), EventSettings.defaults(), clock);
    outbox.append(List.of(card("alice", "seti_1"), card("bob", "seti_2"), card("alice", "seti_3")));
    dispatcher.runOnce();

    clock.advance(Duration.ofDays(31));
    assertThat(outbox.purge(Set.of("cards", "never-read"), clock.instant(), 10)).as("a sink that read nothing yet").isZero();
    dispatcher.runOnce();

    assertThat(outbox.events(0, 10)).extracting(e -> e.data().get("setup")).containsExactly("seti_3");
  }
}
