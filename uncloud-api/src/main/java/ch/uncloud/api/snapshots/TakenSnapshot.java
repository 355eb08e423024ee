package ch.uncloud.api.snapshots;

import java.util.Objects;

/**
 * The answer to taking a snapshot with an idempotency key: the snapshot, and whether this call took
 * it or replayed an earlier call with the same key (then nothing new was taken or billed).
 *
 * @param snapshot the snapshot
 * @param replayed whether an earlier call with the same idempotency key took it
 */
public record TakenSnapshot(Snapshot snapshot, boolean replayed) {
  /**
   * Checks the snapshot.
   *
   * @param snapshot the snapshot
   * @param replayed whether an earlier call with the same idempotency key took it
   */
  public TakenSnapshot {
    Objects.requireNonNull(snapshot, "snapshot");
  }
}
