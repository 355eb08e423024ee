package ch.uncloud.jdbc;

import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.spi.OutboxDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The transactional outbox's tables (schema version 10): {@code event_outbox}, the events in commit
 * order ({@code seq}), each once by id; {@code event_delivery}, one row per event a sink has yet to
 * receive (pending or parked; a delivered one is deleted); {@code event_cursor}, each sink's place in
 * the outbox and the core's named marks.
 *
 * <p>On PostgreSQL, transactions that insert events first take one transaction-scoped advisory lock,
 * so events get their {@code seq} in commit order and a reader walking by {@code seq} never passes an
 * event that commits later. The lock is taken as late as possible (the events are inserted just before
 * the commit) and only by transactions that announce something.
 */
final class OutboxRows {
  /** The schema version that adds the tables. */
  static final int VERSION = 10;
  /** The advisory lock's key: "uncloud-outbox" in an int's worth. */
  private static final long ADVISORY_KEY = 0x756E636C6F7564L;

  private static final String INSERT_SQLITE = "INSERT INTO event_outbox (id, type, account, occurred_at_ns, body) "
      + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String INSERT_POSTGRES = INSERT_SQLITE;
  private static final String SINK = "sink:";
  private static final String MARK = "mark:";
  private static final String DELIVERY_COLUMNS = "d.sink, d.seq, d.state, d.attempts, d.first_failure_ns, "
      + "d.next_attempt_ns, d.last_error, o.body";

  private OutboxRows() {}

  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String big = postgres ? "BIGINT" : "INTEGER";
    return List.of(new Migration(VERSION, "transactional outbox: events in commit order, each sink's cursor and "
        + "pending or parked deliveries", List.of(
        "CREATE TABLE event_outbox (\n"
            + "  seq " + (postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY") + ",\n"
            + "  id TEXT NOT NULL UNIQUE,\n"
            + "  type TEXT NOT NULL,\n"
            + "  account TEXT NOT NULL,\n"
            + "  occurred_at_ns " + big + " NOT NULL,\n"
            + "  body TEXT NOT NULL)",
        "CREATE TABLE event_cursor (\n"
            + "  name TEXT PRIMARY KEY,\n"
            + "  value " + big + " NOT NULL)",
        "CREATE TABLE event_delivery (\n"
            + "  sink TEXT NOT NULL,\n"
            + "  seq " + big + " NOT NULL REFERENCES event_outbox (seq),\n"
            + "  account TEXT NOT NULL,\n"
            + "  state TEXT NOT NULL CHECK (state IN ('PENDING', 'PARKED')),\n"
            + "  attempts INTEGER NOT NULL,\n"
            + "  first_failure_ns " + big + ",\n"
            + "  next_attempt_ns " + big + " NOT NULL,\n"
            + "  last_error TEXT,\n"
            + "  PRIMARY KEY (sink, seq))",
        "CREATE INDEX event_delivery_heads ON event_delivery (sink, state, account, seq)",
        // the dispatcher looks for holds that expired since its last round
        "CREATE INDEX ledger_hold_by_expiry ON ledger_hold (expires_at_ns)")));
  }

  /**
   * Inserts events, each once by id, in the current transaction.
   *
   * @return how many were new
   */
  static int insert(Dialect dialect, Connection c, List<Event> events) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    if (dialect instanceof PostgresDialect) {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, ADVISORY_KEY);
        lock.executeQuery().close();
      }
    }
    Statements sql = Statements.writing(dialect, c);
    return sql.with(dialect instanceof PostgresDialect ? INSERT_POSTGRES : INSERT_SQLITE, ps -> {
      for (Event e : events) {
        ps.setString(1, e.id().value());
        ps.setString(2, e.type().code());
        ps.setString(3, e.account().value());
        ps.setLong(4, EntryRows.nanos(e.occurredAt()));
        ps.setString(5, e.toJson());
        ps.addBatch();
      }
      int added = 0;
      for (int n : ps.executeBatch()) {
        added += Math.max(n, 0);
      }
      return added;
    });
  }

  /**
   * Inserts events one by one, each once by id, counting the new ones exactly (a batch may not say).
   *
   * @return how many were new
   */
  static int insertCounted(Dialect dialect, Connection c, List<Event> events) throws SQLException {
    java.util.Map<String, Event> fresh = new java.util.LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM event_outbox WHERE id = ?")) {
      for (Event e : events) {
        if (fresh.containsKey(e.id().value())) {
          continue;
        }
        ps.setString(1, e.id().value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            fresh.put(e.id().value(), e);
          }
        }
      }
    }
    insert(dialect, c, List.copyOf(fresh.values()));
    return fresh.size();
  }

  static int enqueue(Connection c, String sink, Set<EventType> types, Instant now, int limit) throws SQLException {
    long cursor = cursor(c, SINK + sink).orElse(0L);
    long last = cursor;
    int seen = 0;
    List<long[]> accepted = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, type, account FROM event_outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
      ps.setLong(1, cursor);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen++;
          last = rs.getLong(1);
          EventType type = typeOrNull(rs.getString(2));
          if (type != null && types.contains(type)) {
            accepted.add(new long[] {last});
            accounts.add(rs.getString(3));
          }
        }
      }
    }
    if (!accepted.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_delivery (sink, seq, account, state, attempts, "
          + "first_failure_ns, next_attempt_ns, last_error) VALUES (?, ?, ?, 'PENDING', 0, NULL, ?, NULL) "
          + "ON CONFLICT (sink, seq) DO NOTHING")) {
        for (int i = 0; i < accepted.size(); i++) {
          ps.setString(1, sink);
          ps.setLong(2, accepted.get(i)[0]);
          ps.setString(3, accounts.get(i));
          ps.setLong(4, EntryRows.nanos(now));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (last != cursor) {
      setCursor(c, SINK + sink, last);
    }
    return seen;
  }

  /** A type this code no longer knows (written by a newer version) is passed over. */
  private static EventType typeOrNull(String code) {
    try {
      return EventType.fromCode(code);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Two plain steps instead of one join (which SQLite plans quadratically over a long backlog): each
   * account's oldest pending seq from the heads index, then those rows that are due.
   */
  static List<OutboxDelivery> due(Connection c, String sink, Instant now, int limit) throws SQLException {
    List<Long> heads = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM event_delivery "
        + "WHERE sink = ? AND state = 'PENDING' GROUP BY account")) {
      ps.setString(1, sink);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heads.add(rs.getLong(1));
        }
      }
    }
    heads.sort(null);
    List<OutboxDelivery> due = new ArrayList<>();
    for (int from = 0; from < heads.size() && due.size() < limit; from += 200) {
      List<Long> chunk = heads.subList(from, Math.min(heads.size(), from + 200));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM event_delivery d "
          + "JOIN event_outbox o ON o.seq = d.seq WHERE d.sink = ? AND d.seq IN (" + marks + ") "
          + "AND d.next_attempt_ns <= ? ORDER BY d.seq LIMIT ?")) {
        int i = 1;
        ps.setString(i++, sink);
        for (long seq : chunk) {
          ps.setLong(i++, seq);
        }
        ps.setLong(i++, EntryRows.nanos(now));
        ps.setInt(i, limit - due.size());
        due.addAll(deliveries(ps));
      }
    }
    return due;
  }

  /** @return whether the outbox holds events past the sink's cursor */
  static boolean hasNew(Connection c, String sink) throws SQLException {
    long cursor = cursor(c, SINK + sink).orElse(0L);
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM event_outbox WHERE seq > ? LIMIT 1")) {
      ps.setLong(1, cursor);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void update(Connection c, List<OutboxDelivery> deliveries) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM event_delivery WHERE sink = ? AND seq = ?");
        PreparedStatement change = c.prepareStatement("UPDATE event_delivery SET state = ?, attempts = ?, "
            + "first_failure_ns = ?, next_attempt_ns = ?, last_error = ? WHERE sink = ? AND seq = ?")) {
      boolean deletes = false;
      boolean changes = false;
      for (OutboxDelivery d : deliveries) {
        if (d.state() == OutboxDelivery.State.DELIVERED) {
          delete.setString(1, d.sink());
          delete.setLong(2, d.seq());
          delete.addBatch();
          deletes = true;
        } else {
          change.setString(1, d.state().name());
          change.setInt(2, d.attempts());
          if (d.firstFailure() == null) {
            change.setNull(3, Types.BIGINT);
          } else {
            change.setLong(3, EntryRows.nanos(d.firstFailure()));
          }
          change.setLong(4, EntryRows.nanos(d.nextAttempt()));
          change.setString(5, d.lastError());
          change.setString(6, d.sink());
          change.setLong(7, d.seq());
          change.addBatch();
          changes = true;
        }
      }
      if (deletes) {
        delete.executeBatch();
      }
      if (changes) {
        change.executeBatch();
      }
    }
  }

  static List<OutboxDelivery> parked(Connection c, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM event_delivery d "
        + "JOIN event_outbox o ON o.seq = d.seq WHERE d.state = 'PARKED' ORDER BY d.seq, d.sink LIMIT ?")) {
      ps.setInt(1, limit);
      return deliveries(ps);
    }
  }

  static Optional<OutboxDelivery> resend(Connection c, String sink, EventId event, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE event_delivery SET state = 'PENDING', attempts = 0, "
        + "first_failure_ns = NULL, next_attempt_ns = ?, last_error = NULL WHERE sink = ? AND state = 'PARKED' "
        + "AND seq = (SELECT seq FROM event_outbox WHERE id = ?)")) {
      ps.setLong(1, EntryRows.nanos(now));
      ps.setString(2, sink);
      ps.setString(3, event.value());
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM event_delivery d "
        + "JOIN event_outbox o ON o.seq = d.seq WHERE d.sink = ? AND o.id = ?")) {
      ps.setString(1, sink);
      ps.setString(2, event.value());
      return deliveries(ps).stream().findFirst();
    }
  }

  static List<Event> events(Connection c, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM event_outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
      ps.setLong(1, afterSeq);
      ps.setInt(2, limit);
      List<Event> events = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(Event.fromJson(rs.getString(1)));
        }
      }
      return events;
    }
  }

  /** @return how many deliveries wait in the state ({@code PENDING} or {@code PARKED}), over every sink */
  static long backlog(Connection c, String state) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM event_delivery WHERE state = ?")) {
      ps.setString(1, state);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Deletes events every one of the sinks has passed that occurred before {@code beforeNanos} and have
   * no pending or parked delivery; never the newest event (on SQLite a new event's seq follows the
   * highest kept, which must stay above every cursor) nor {@code bill.overdue} ones.
   *
   * @return how many were deleted
   */
  static int purge(Connection c, Set<String> sinks, long beforeNanos, int limit) throws SQLException {
    long upTo = Long.MAX_VALUE;
    for (String sink : sinks) {
      upTo = Math.min(upTo, cursor(c, SINK + sink).orElse(0L));
    }
    if (sinks.isEmpty() || upTo == 0) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_outbox WHERE seq IN (SELECT o.seq FROM "
        + "event_outbox o WHERE o.seq <= ? AND o.seq < (SELECT MAX(seq) FROM event_outbox) AND o.occurred_at_ns < ? "
        + "AND o.type <> ? AND NOT EXISTS (SELECT 1 FROM event_delivery d WHERE d.seq = o.seq) "
        + "ORDER BY o.seq LIMIT ?)")) {
      ps.setLong(1, upTo);
      ps.setLong(2, beforeNanos);
      ps.setString(3, EventType.BILL_OVERDUE.code());
      ps.setInt(4, limit);
      return ps.executeUpdate();
    }
  }

  static Optional<Long> mark(Connection c, String name) throws SQLException {
    return cursor(c, MARK + name);
  }

  static void setMark(Connection c, String name, long value) throws SQLException {
    setCursor(c, MARK + name, value);
  }

  private static Optional<Long> cursor(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM event_cursor WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void setCursor(Connection c, String name, long value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_cursor (name, value) VALUES (?, ?) "
        + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setLong(2, value);
      ps.executeUpdate();
    }
  }

  private static List<OutboxDelivery> deliveries(PreparedStatement ps) throws SQLException {
    List<OutboxDelivery> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long first = rs.getLong(5);
        Instant firstFailure = rs.wasNull() ? null : EntryRows.instant(first);
        result.add(new OutboxDelivery(rs.getString(1), rs.getLong(2), Event.fromJson(rs.getString(8)),
            OutboxDelivery.State.valueOf(rs.getString(3)), rs.getInt(4), firstFailure, EntryRows.instant(rs.getLong(6)),
            rs.getString(7)));
      }
    }
    return result;
  }
}
