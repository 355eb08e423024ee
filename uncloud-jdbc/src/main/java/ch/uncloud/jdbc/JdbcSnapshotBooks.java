package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.SnapshotBooks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Durable {@link SnapshotBooks} on SQLite or PostgreSQL, in the same database as the
 * {@link JdbcLedger} and the {@link JdbcShopStore} (one schema, migrated by whichever opens first):
 * the snapshot records ({@link JdbcSnapshotRecords}) and their billed usage intervals
 * ({@link JdbcSnapshotUsage}) survive restarts, so the snapshot service finds its snapshots again and the
 * billing run still sees usage that was not billed yet. A snapshot's record and the start (or end)
 * of its billing are written in one transaction ({@link #taken}, {@link #deleted}).
 *
 * <pre>{@code
 * JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(Path.of("/var/lib/uncloud/uncloud.db"));
 * Uncloud uncloud = UncloudCore.builder().ledger(...).directory(...)
 *     .snapshotBackend(backend).snapshotBooks(books).build();
 * }</pre>
 *
 * <p>Thread-safe. Writes on SQLite are serialized in this process (the file has one write lock;
 * other processes wait for it up to the busy timeout). Close it to release the connections.
 */
public final class JdbcSnapshotBooks implements SnapshotBooks {
  private final StoreAccess access;
  private final JdbcSnapshotRecords records;
  private final JdbcSnapshotUsage usage;

  private JdbcSnapshotBooks(StoreAccess access) {
    this.access = access;
    this.records = new JdbcSnapshotRecords(access);
    this.usage = new JdbcSnapshotUsage(access);
  }

  /**
   * Opens (and creates if needed) the snapshot tables in an SQLite file, with the default settings.
   *
   * @param file the database file (the ledger's); its directory must exist
   * @return the books
   * @throws ProviderUnavailableException if the file cannot be opened
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcSnapshotBooks sqlite(Path file) {
    return builder().url("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /**
   * Connects to the snapshot tables in a PostgreSQL database, with the default settings.
   *
   * @param url e.g. {@code jdbc:postgresql://db.example.org:5432/uncloud}
   * @param user the database user
   * @param password the user's password
   * @return the books
   * @throws ProviderUnavailableException if the database cannot be reached
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcSnapshotBooks postgres(String url, String user, Secret password) {
    return builder().url(url).user(user).password(password).build();
  }

  /** @return a builder for non-default settings */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public JdbcSnapshotRecords records() {
    return records;
  }

  @Override
  public JdbcSnapshotUsage billing() {
    return usage;
  }

  @Override
  public JdbcSnapshotUsage usage() {
    return usage;
  }

  /** Answers from the unique index of the usage intervals (every recorded snapshot has one). */
  @Override
  public boolean wasTaken(String snapshotId) {
    return access.read("look up a snapshot's billing", c -> JdbcSnapshotUsage.exists(c, snapshotId));
  }

  /**
   * Inserts the record and its open usage interval in one transaction.
   *
   * @throws ConflictException ({@code snapshot_name_taken}) if its VM already has a record of that name, or
   *     ({@code idempotency_conflict}) if a snapshot of its id was billed before, in this process or another
   *     sharing the database (nothing is written: the earlier interval stays as billed)
   * @throws InvalidRequestException ({@code invalid_argument}) if its creation time is outside the years 1678 to 2261
   */
  @Override
  public void taken(SnapshotRecord record) {
    taken(record, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the outbox of a {@link JdbcLedger} on this database the events are inserted in the
   * transaction that records the snapshot.
   */
  @Override
  public void taken(SnapshotRecord record, EventOutbox outbox, List<Event> events) {
    if (!access.sharesDatabaseWith(outbox)) {
      SnapshotBooks.super.taken(record, outbox, events);
      return;
    }
    taken(record, events);
  }

  private void taken(SnapshotRecord record, List<Event> events) {
    SnapshotUsage usage = SnapshotUsage.started(record);
    SnapshotRows.nanos(record.createdAt());
    String refusal = access.write("record a snapshot and start its billing", c -> {
      if (JdbcSnapshotUsage.exists(c, record.id())) {
        throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "a snapshot with the id " + record.id()
            + " was taken and billed before; take the snapshot with a new idempotency key");
      }
      String refused = JdbcSnapshotRecords.insert(c, record);
      if (refused == null) {
        JdbcSnapshotUsage.start(c, usage);
        OutboxRows.insert(access.dialect(), c, events);
      }
      return refused;
    });
    if (refusal != null) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, refusal);
    }
  }

  /**
   * Deletes the record and closes its usage interval in one transaction.
   *
   * @throws InvalidRequestException ({@code invalid_argument}) if {@code at} lies before the recorded start of
   *     its billing (nothing is changed)
   */
  @Override
  public boolean deleted(SnapshotRecord record, Instant at) {
    return deleted(record, at, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the outbox of a {@link JdbcLedger} on this database the events are inserted in the
   * transaction that removes the record.
   */
  @Override
  public boolean deleted(SnapshotRecord record, Instant at, EventOutbox outbox, List<Event> events) {
    if (!access.sharesDatabaseWith(outbox)) {
      return SnapshotBooks.super.deleted(record, at, outbox, events);
    }
    return deleted(record, at, events);
  }

  private boolean deleted(SnapshotRecord record, Instant at, List<Event> events) {
    SnapshotUsage ended = SnapshotUsage.started(record).endedAt(at);
    SnapshotRows.nanos(at);
    return access.write("remove a snapshot record and end its billing", c -> {
      boolean removed = JdbcSnapshotRecords.delete(c, record.id());
      JdbcSnapshotUsage.end(c, ended);
      OutboxRows.insert(access.dialect(), c, events);
      return removed;
    });
  }

  /** Closes the connections; the records and usage fail as unavailable afterwards. Idempotent. */
  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "JdbcSnapshotBooks[" + access.dialect().displayName() + "]";
  }

  /** Settings for {@link JdbcSnapshotBooks}; the connection settings are {@link JdbcStoreBuilder}'s. */
  public static final class Builder extends JdbcStoreBuilder<Builder> {
    private Builder() {}

    /**
     * Opens the books and migrates the schema.
     *
     * @return the books
     * @throws ConfigurationException for an unsupported URL or a schema newer than this code
     * @throws ProviderUnavailableException if the store cannot be reached
     */
    public JdbcSnapshotBooks build() {
      return new JdbcSnapshotBooks(open("uncloud-snapshots", "snapshot record store"));
    }
  }
}
