package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.PaymentRecords;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable {@link PaymentRecords} on SQLite or PostgreSQL, in the ledger's database (one schema,
 * migrated by whichever store opens first): a payment provider's customer ids and the provider events
 * already applied, shared by every process on that database, so a card registered through the
 * command is charged by the running gateway. Thread-safe. Close it to release the connections.
 */
public final class JdbcPaymentRecords implements PaymentRecords {
  /** The schema version that adds the tables. */
  static final int VERSION = 8;

  private final StoreAccess access;

  private JdbcPaymentRecords(StoreAccess access) {
    this.access = access;
  }

  /**
   * Opens (and creates if needed) the tables in an SQLite file, with the default settings.
   *
   * @param file the database file (the ledger's); its directory must exist
   * @return the records
   * @throws ProviderUnavailableException if the file cannot be opened
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcPaymentRecords sqlite(Path file) {
    return builder().url("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /** @return a builder for non-default settings */
  public static Builder builder() {
    return new Builder();
  }

  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String big = postgres ? "BIGINT" : "INTEGER";
    return List.of(new Migration(VERSION, "payment providers' customer ids and applied events", List.of(
        "CREATE TABLE payment_customer (\n"
            + "  provider TEXT NOT NULL,\n"
            + "  account TEXT NOT NULL,\n"
            + "  customer_id TEXT NOT NULL,\n"
            + "  PRIMARY KEY (provider, account))",
        "CREATE TABLE payment_event_applied (\n"
            + "  provider TEXT NOT NULL,\n"
            + "  event_id TEXT NOT NULL,\n"
            + "  applied_at_ns " + big + " NOT NULL,\n"
            + "  PRIMARY KEY (provider, event_id))")));
  }

  @Override
  public Optional<String> customerId(String provider, Username account) {
    return access.read("read the payment customer of " + account, c -> find(c, provider, account));
  }

  @Override
  public String saveCustomerId(String provider, Username account, String customerId) {
    return access.write("remember the payment customer of " + account, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_customer (provider, account, customer_id) "
          + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, provider);
        ps.setString(2, account.value());
        ps.setString(3, customerId);
        ps.executeUpdate();
      }
      return find(c, provider, account).orElseThrow();
    });
  }

  @Override
  public boolean isEventApplied(String provider, String eventId) {
    return appliedAt(provider, eventId).isPresent();
  }

  @Override
  public void eventApplied(String provider, String eventId, Instant appliedAt) {
    eventApplied(provider, eventId, appliedAt, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the outbox of a {@link JdbcLedger} on this database the events are inserted in the
   * transaction that records the event as applied.
   */
  @Override
  public void eventApplied(String provider, String eventId, Instant appliedAt, EventOutbox outbox,
      List<Event> events) {
    if (!access.sharesDatabaseWith(outbox)) {
      PaymentRecords.super.eventApplied(provider, eventId, appliedAt, outbox, events);
      return;
    }
    eventApplied(provider, eventId, appliedAt, events);
  }

  private void eventApplied(String provider, String eventId, Instant appliedAt, List<Event> events) {
    access.write("record payment event " + eventId + " as applied", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_event_applied (provider, event_id, "
          + "applied_at_ns) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, provider);
        ps.setString(2, eventId);
        ps.setLong(3, EntryRows.nanos(appliedAt));
        ps.executeUpdate();
      }
      return OutboxRows.insert(access.dialect(), c, events);
    });
  }

  /**
   * @param provider the payment provider's name
   * @param eventId the provider's event id
   * @return when the event was recorded as applied, if it was
   */
  Optional<Instant> appliedAt(String provider, String eventId) {
    return access.read("look up payment event " + eventId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT applied_at_ns FROM payment_event_applied WHERE provider = ? AND event_id = ?")) {
        ps.setString(1, provider);
        ps.setString(2, eventId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(EntryRows.instant(rs.getLong(1))) : Optional.empty();
        }
      }
    });
  }

  private static Optional<String> find(Connection c, String provider, Username account) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT customer_id FROM payment_customer WHERE provider = ? AND account = ?")) {
      ps.setString(1, provider);
      ps.setString(2, account.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Closes the connections. Idempotent. */
  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "JdbcPaymentRecords[" + access.dialect().displayName() + "]";
  }

  /** Settings for {@link JdbcPaymentRecords}; the connection settings are {@link JdbcStoreBuilder}'s. */
  public static final class Builder extends JdbcStoreBuilder<Builder> {
    private Builder() {}

    /**
     * Opens the records and migrates the schema.
     *
     * @return the records
     * @throws ConfigurationException for an unsupported URL or a schema newer than this code
     * @throws ProviderUnavailableException if the store cannot be reached
     */
    public JdbcPaymentRecords build() {
      return new JdbcPaymentRecords(open("uncloud-payments", "payment record store"));
    }
  }
}
