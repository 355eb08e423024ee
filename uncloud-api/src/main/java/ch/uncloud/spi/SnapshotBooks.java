package ch.uncloud.spi;

import ch.uncloud.api.SnapshotBillingListener;

/**
 * The books a {@link SnapshotStore} keeps: the {@link SnapshotRecords} of which snapshots exist,
 * and their billed usage intervals, written through a {@link SnapshotBillingListener} and read by
 * the billing run as a {@link UsageSource}. In memory by default; a durable implementation (JDBC)
 * keeps both across restarts. Created by a {@link SnapshotRecordsProvider}.
 *
 * <p>Implementations are thread-safe. The snapshot store built with them owns them and closes them
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

  /** Releases what the books hold (connections). Idempotent. */
  @Override
  void close();
}
