package ch.uncloud.jdbc;

import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.spi.EntryEvents;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.OutboxDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JDBC ledger's outbox ({@link OutboxRows}): the entries' events are written by the group-commit
 * writer in the batch's transaction; appends and delivery state go through the same writer (so on
 * SQLite they share its commits and never wait for its lock), reads use the reader pool.
 */
final class JdbcOutbox implements EventOutbox {
  private final Dialect dialect;
  private final GroupCommitWriter writer;
  private final JdbcLedger ledger;

  JdbcOutbox(Dialect dialect, GroupCommitWriter writer, JdbcLedger ledger) {
    this.dialect = dialect;
    this.writer = writer;
    this.ledger = ledger;
  }

  /**
   * @param state {@code PENDING} or {@code PARKED}
   * @return how many deliveries wait in that state, over every sink
   */
  long backlog(String state) {
    return ledger.readOutbox("count waiting deliveries", c -> OutboxRows.backlog(c, state));
  }

  /** @return which database the outbox is in ({@link StoreAccess#database()}) */
  String database() {
    return ledger.database();
  }

  Dialect dialect() {
    return dialect;
  }

  @Override
  public void announceEntries(EntryEvents rule) {
    writer.announce(rule);
  }

  @Override
  public int append(List<Event> events) {
    List<Event> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return 0;
    }
    return writer.exclusive("keep events", c -> OutboxRows.insertCounted(dialect, c, copy));
  }

  @Override
  public int enqueue(String sink, Set<EventType> types, Instant now, int limit) {
    Objects.requireNonNull(sink, "sink");
    Set<EventType> accepted = Set.copyOf(types);
    if (!ledger.readOutbox("look for new events", c -> OutboxRows.hasNew(c, sink))) {
      return 0; // an idle round writes nothing
    }
    return writer.exclusive("queue events for " + sink, c -> OutboxRows.enqueue(c, sink, accepted, now, limit));
  }

  @Override
  public List<OutboxDelivery> due(String sink, Instant now, int limit) {
    return ledger.readOutbox("read due deliveries", c -> OutboxRows.due(c, sink, now, limit));
  }

  @Override
  public void update(List<OutboxDelivery> deliveries) {
    List<OutboxDelivery> copy = List.copyOf(deliveries);
    if (!copy.isEmpty()) {
      writer.exclusive("record deliveries", c -> {
        OutboxRows.update(c, copy);
        return null;
      });
    }
  }

  @Override
  public List<OutboxDelivery> parked(int limit) {
    return ledger.readOutbox("list parked deliveries", c -> OutboxRows.parked(c, limit));
  }

  @Override
  public Optional<OutboxDelivery> resend(String sink, EventId event, Instant now) {
    return writer.exclusive("send a parked event again", c -> OutboxRows.resend(c, sink, event, now));
  }

  @Override
  public List<Event> events(long afterSeq, int limit) {
    return ledger.readOutbox("read events", c -> OutboxRows.events(c, afterSeq, limit));
  }

  @Override
  public Optional<Long> mark(String name) {
    return ledger.readOutbox("read a mark", c -> OutboxRows.mark(c, name));
  }

  @Override
  public void setMark(String name, long value) {
    writer.exclusive("set a mark", c -> {
      OutboxRows.setMark(c, name, value);
      return null;
    });
  }

  @Override
  public boolean lease(String holder, Instant now, java.time.Duration duration) {
    Objects.requireNonNull(holder, "holder");
    long nowNanos = EntryRows.nanos(now);
    long until = EntryRows.nanos(now.plus(duration));
    return writer.exclusive("take the event dispatcher's lease", c -> DispatchLeaseRows.take(c, holder, nowNanos, until));
  }

  @Override
  public void releaseLease(String holder) {
    writer.exclusive("release the event dispatcher's lease", c -> {
      DispatchLeaseRows.release(c, holder);
      return null;
    });
  }

  @Override
  public int purge(Set<String> sinks, Instant before, int limit) {
    Set<String> names = Set.copyOf(sinks);
    long beforeNanos = EntryRows.nanos(before);
    return writer.exclusive("purge received events", c -> OutboxRows.purge(c, names, beforeNanos, limit));
  }

  @Override
  public String toString() {
    return "JdbcOutbox[" + dialect.displayName() + "]";
  }
}
