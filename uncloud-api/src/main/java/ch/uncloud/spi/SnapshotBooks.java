package ch.uncloud.spi;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import java.time.Instant;
import java.util.List;

/**
 * The books the core's snapshot service keeps: the {@link SnapshotRecords} of which snapshots exist,
 * and their billed usage intervals, written through a {@link SnapshotBillingListener} and read by
 * the billing run as a {@link UsageSource}. A durable implementation (JDBC) keeps both across
 * restarts; the in-memory one loses them. Created by a {@link SnapshotRecordsProvider}, or wired by
 * hand.
 *
 * <p>The snapshot service changes records and usage together through {@link #taken} and
 * {@link #deleted}, so that a durable implementation can make each pair one transaction: a crash or
 * a store failure then never leaves a deleted snapshot billed, nor a recorded one unbilled.
 *
 * <p>Implementations are thread-safe. The {@code Uncloud} built with them owns them and closes them
 * when it is closed.
 */
public interface SnapshotBooks extends AutoCloseable {
  /** @return where the snapshot records are kept; the same object on every call */
  SnapshotRecords records();

  /** @return the listener the store reports billing intervals to; the same object on every call */
  SnapshotBillingListener billing();

  /**
   * @return the intervals reported to {@link #billing()}, as the billing run reads them; the same
   *     object on every call
   */
  UsageSource usage();

  /**
   * Whether a snapshot of this id was ever taken in these books: it is recorded, or its billing (open,
   * or ended by its deletion) is kept. The snapshot service asks before it takes a snapshot whose id
   * comes from an idempotency key, so a key whose snapshot was deleted never takes a second snapshot
   * under the same id (which would overwrite the first one's billed interval). The default looks at
   * the records, then scans every usage interval; a durable implementation should answer from an
   * index.
   *
   * @param snapshotId a snapshot id
   * @return whether a snapshot of that id exists or was billed
   */
  default boolean wasTaken(String snapshotId) {
    return records().find(snapshotId).isPresent() || usage().usage(Instant.MIN, Instant.MAX).stream()
        .anyMatch(u -> u.reference().equals(snapshotId));
  }

  /**
   * Records a snapshot just taken and starts its billing at its creation time. The default adds the
   * record, then starts the billing, and removes the record again if that fails.
   *
   * @param record the new snapshot's record
   * @throws ConflictException ({@code snapshot_name_taken}) if its VM already has a record of that name
   *     (nothing is billed)
   */
  default void taken(SnapshotRecord record) {
    records().add(record);
    try {
      billing().started(SnapshotUsage.started(record));
    } catch (RuntimeException e) {
      records().remove(record.id());
      throw e;
    }
  }

  /**
   * Removes a deleted snapshot's record and ends its billing. The default removes the record, then
   * ends the billing.
   *
   * @param record the deleted snapshot's record
   * @param at when it was deleted (billing ends then)
   * @return whether a record was removed
   */
  default boolean deleted(SnapshotRecord record, Instant at) {
    boolean removed = records().remove(record.id());
    billing().ended(SnapshotUsage.started(record).endedAt(at));
    return removed;
  }

  /**
   * {@link #taken(SnapshotRecord)}, announcing {@code events}: books that keep their records in the
   * outbox's database write the events in the same transaction, so the record and its events commit
   * together or not at all. The default records the snapshot, then appends the events to the outbox
   * (a failed record appends nothing; a crash in between loses the events).
   *
   * @param record the new snapshot's record
   * @param outbox the ledger's outbox
   * @param events what taking it announces (ids derived from the snapshot)
   * @throws ConflictException as {@link #taken(SnapshotRecord)}; nothing is announced then
   */
  default void taken(SnapshotRecord record, EventOutbox outbox, List<Event> events) {
    taken(record);
    outbox.append(events);
  }

  /**
   * {@link #deleted(SnapshotRecord, Instant)}, announcing {@code events} in the same transaction when
   * the books are in the outbox's database; the default removes the record, then appends the events.
   *
   * @param record the deleted snapshot's record
   * @param at when it was deleted
   * @param outbox the ledger's outbox
   * @param events what deleting it announces (ids derived from the snapshot)
   * @return whether a record was removed
   */
  default boolean deleted(SnapshotRecord record, Instant at, EventOutbox outbox, List<Event> events) {
    boolean removed = deleted(record, at);
    outbox.append(events);
    return removed;
  }

  /** Releases what the books hold (connections). Idempotent. */
  @Override
  void close();
}
