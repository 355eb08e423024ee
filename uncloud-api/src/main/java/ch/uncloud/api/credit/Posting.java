package ch.uncloud.api.credit;

import java.util.Objects;

/**
 * The outcome of appending a {@link NewEntry} to the ledger.
 *
 * @param entry the stored entry: the new one, or on a replay the one stored first under the key
 * @param replayed true if an entry with the same service and idempotency key already existed and
 *     nothing was written; the caller must then compare payloads
 */
public record Posting(LedgerEntry entry, boolean replayed) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param entry the stored entry: the new one, or on a replay the one stored first under the key
   * @param replayed true if an entry with the same service and idempotency key already existed and nothing was written; the caller must then compare payloads
   */
  public Posting {
    Objects.requireNonNull(entry, "entry");
  }
}
