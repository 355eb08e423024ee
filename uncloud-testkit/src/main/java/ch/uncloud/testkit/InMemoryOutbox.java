package ch.uncloud.testkit;

import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.spi.EntryEvents;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.OutboxDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outbox of the in-memory stores: events and delivery state in memory, with the same rules as
 * a durable outbox (events in commit order, one cursor per sink, the oldest pending delivery per
 * account, idempotent appends by event id) and no durability. Thread-safe: one monitor.
 *
 * <p>{@link InMemoryLedger#outbox()} is one; the in-memory stores take it to keep their events with
 * their writes ({@link #inTransaction}).
 */
public final class InMemoryOutbox implements EventOutbox {
  private final TreeMap<Long, Event> events = new TreeMap<>();
  private final Set<EventId> ids = new HashSet<>();
  private final Map<String, Long> cursors = new HashMap<>();
  /** Per sink, its kept deliveries by seq. */
  private final Map<String, TreeMap<Long, OutboxDelivery>> deliveries = new HashMap<>();
  private final Map<String, Long> marks = new HashMap<>();
  private long lastSeq;
  private volatile EntryEvents rule;
  private String leaseHolder;
  private Instant leaseExpires;

  /** @return a new, empty outbox */
  public static InMemoryOutbox create() {
    return new InMemoryOutbox();
  }

  private InMemoryOutbox() {}

  @Override
  public void announceEntries(EntryEvents rule) {
    this.rule = rule;
  }

  /**
   * @return the rule set with {@link #announceEntries}, or {@code null}
   */
  EntryEvents rule() {
    return rule;
  }

  /**
   * @param entry an entry being booked
   * @return the events the rule gives for it; empty without a rule
   */
  List<Event> eventsFor(LedgerEntry entry) {
    EntryEvents current = rule;
    return current == null ? List.of() : current.eventsFor(entry);
  }

  /**
   * Runs a store's write and keeps events with it, as one step: other threads see both or neither.
   *
   * @param <T> what the write returns
   * @param write the write
   * @param events what it announces; appended (each once by id) only if the write returns normally
   * @return what the write returned
   */
  public <T> T inTransaction(java.util.function.Supplier<T> write, List<Event> events) {
    synchronized (this) {
      T result = write.get();
      append(events);
      return result;
    }
  }

  @Override
  public synchronized int append(List<Event> newEvents) {
    int added = 0;
    for (Event event : newEvents) {
      if (ids.add(event.id())) {
        events.put(++lastSeq, event);
        added++;
      }
    }
    return added;
  }

  @Override
  public synchronized int enqueue(String sink, Set<EventType> types, Instant now, int limit) {
    long cursor = cursors.getOrDefault(sink, 0L);
    TreeMap<Long, OutboxDelivery> kept = deliveries.computeIfAbsent(sink, s -> new TreeMap<>());
    int seen = 0;
    for (Map.Entry<Long, Event> e : events.tailMap(cursor, false).entrySet()) {
      if (seen == limit) {
        break;
      }
      seen++;
      cursor = e.getKey();
      if (types.contains(e.getValue().type())) {
        kept.put(e.getKey(), new OutboxDelivery(sink, e.getKey(), e.getValue(), OutboxDelivery.State.PENDING, 0, null,
            now, null));
      }
    }
    cursors.put(sink, cursor);
    return seen;
  }

  @Override
  public synchronized List<OutboxDelivery> due(String sink, Instant now, int limit) {
    List<OutboxDelivery> due = new ArrayList<>();
    Set<String> heads = new HashSet<>();
    for (OutboxDelivery d : deliveries.getOrDefault(sink, new TreeMap<>()).values()) {
      if (due.size() == limit) {
        break;
      }
      if (d.state() != OutboxDelivery.State.PENDING || !heads.add(d.event().orderingKey())) {
        continue;
      }
      if (!d.nextAttempt().isAfter(now)) {
        due.add(d);
      }
    }
    return due;
  }

  @Override
  public synchronized void update(List<OutboxDelivery> updated) {
    for (OutboxDelivery d : updated) {
      TreeMap<Long, OutboxDelivery> kept = deliveries.get(d.sink());
      if (kept == null || !kept.containsKey(d.seq())) {
        continue;
      }
      if (d.state() == OutboxDelivery.State.DELIVERED) {
        kept.remove(d.seq());
      } else {
        kept.put(d.seq(), d);
      }
    }
  }

  @Override
  public synchronized List<OutboxDelivery> parked(int limit) {
    return deliveries.values().stream().flatMap(m -> m.values().stream())
        .filter(d -> d.state() == OutboxDelivery.State.PARKED)
        .sorted(java.util.Comparator.comparingLong(OutboxDelivery::seq).thenComparing(OutboxDelivery::sink))
        .limit(limit).toList();
  }

  @Override
  public synchronized Optional<OutboxDelivery> resend(String sink, EventId event, Instant now) {
    TreeMap<Long, OutboxDelivery> kept = deliveries.get(sink);
    if (kept == null) {
      return Optional.empty();
    }
    for (OutboxDelivery d : kept.values()) {
      if (d.state() == OutboxDelivery.State.PARKED && d.event().id().equals(event)) {
        OutboxDelivery again = new OutboxDelivery(sink, d.seq(), d.event(), OutboxDelivery.State.PENDING, 0, null, now,
            null);
        kept.put(d.seq(), again);
        return Optional.of(again);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized List<Event> events(long afterSeq, int limit) {
    return events.tailMap(afterSeq, false).values().stream().limit(limit).toList();
  }

  @Override
  public synchronized Optional<Long> mark(String name) {
    return Optional.ofNullable(marks.get(Objects.requireNonNull(name, "name")));
  }

  @Override
  public synchronized void setMark(String name, long value) {
    marks.put(Objects.requireNonNull(name, "name"), value);
  }

  /** {@inheritDoc} Dispatchers in one JVM sharing this outbox take turns as they would on a database. */
  @Override
  public synchronized boolean lease(String holder, Instant now, java.time.Duration duration) {
    Objects.requireNonNull(holder, "holder");
    if (leaseHolder == null || leaseHolder.equals(holder) || !leaseExpires.isAfter(now)) {
      leaseHolder = holder;
      leaseExpires = now.plus(duration);
      return true;
    }
    return false;
  }

  @Override
  public synchronized void releaseLease(String holder) {
    if (holder.equals(leaseHolder)) {
      leaseHolder = null;
      leaseExpires = null;
    }
  }

  @Override
  public synchronized int purge(Set<String> sinks, Instant before, int limit) {
    long upTo = sinks.stream().mapToLong(sink -> cursors.getOrDefault(sink, 0L)).min().orElse(0L);
    Set<Long> needed = new HashSet<>();
    deliveries.values().forEach(kept -> needed.addAll(kept.keySet()));
    List<Long> gone = new ArrayList<>();
    if (events.isEmpty()) {
      return 0;
    }
    long newest = events.lastKey(); // kept, as a database keeps it
    for (Map.Entry<Long, Event> e : events.headMap(Math.min(upTo, newest - 1), true).entrySet()) {
      if (gone.size() == limit) {
        break;
      }
      Event event = e.getValue();
      if (event.occurredAt().isBefore(before) && event.type() != EventType.BILL_OVERDUE && !needed.contains(e.getKey())) {
        gone.add(e.getKey());
      }
    }
    gone.forEach(seq -> ids.remove(events.remove(seq).id()));
    return gone.size();
  }

  /** @return how many events are kept */
  public synchronized int size() {
    return events.size();
  }
}
