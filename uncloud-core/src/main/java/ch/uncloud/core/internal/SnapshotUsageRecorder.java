package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.SnapshotPricing;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.UsageSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory {@link SnapshotBillingListener} of {@link MemorySnapshotBooks}: keeps every usage
 * interval in memory, in the order the snapshots were taken, for {@link SnapshotPricing} to price,
 * and as the billing run's {@link UsageSource} (sizes in GB of 2^30 bytes, as Ceph reports them).
 * Lost on restart. Thread-safe.
 */
public final class SnapshotUsageRecorder implements SnapshotBillingListener, UsageSource {
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

  private final Map<String, SnapshotUsage> usages = new LinkedHashMap<>();

  /** Creates an empty recorder. */
  public SnapshotUsageRecorder() {
    // nothing recorded yet
  }

  @Override
  public synchronized void started(SnapshotUsage usage) {
    if (!usage.isOpen()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a started snapshot usage must be open");
    }
    usages.put(usage.snapshotId(), usage);
  }

  @Override
  public synchronized void ended(SnapshotUsage usage) {
    if (usage.isOpen()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "an ended snapshot usage must have an end");
    }
    SnapshotUsage started = usages.get(usage.snapshotId());
    // keep the recorded start: it is what billing began with
    usages.put(usage.snapshotId(), started == null ? usage : started.endedAt(usage.endedAt()));
  }

  /** @return every interval, open and closed, oldest snapshot first */
  public synchronized List<SnapshotUsage> usages() {
    List<SnapshotUsage> all = new ArrayList<>(usages.values());
    all.sort(Comparator.comparing(SnapshotUsage::startedAt));
    return List.copyOf(all);
  }

  /**
   * @param account an account
   * @return that account's intervals, oldest snapshot first
   */
  public List<SnapshotUsage> usages(Username account) {
    return usages().stream().filter(u -> u.account().equals(account)).toList();
  }

  /** @return the intervals of snapshots that still exist */
  public List<SnapshotUsage> open() {
    return usages().stream().filter(SnapshotUsage::isOpen).toList();
  }

  @Override
  public List<UsageRecord> usage(Instant from, Instant to) {
    return usages().stream()
        .filter(u -> u.startedAt().isBefore(to) && (u.endedAt() == null || u.endedAt().isAfter(from)))
        .map(u -> new UsageRecord(u.snapshotId(), u.account(), SnapshotUsage.PRODUCT,
            BigDecimal.valueOf(u.sizeBytes()).divide(BYTES_PER_GB), u.startedAt(), u.endedAt()))
        .toList();
  }
}
