package ch.uncloud.api;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The id of a ledger entry (a charge, deposit or reversal), e.g. the {@code charge_id} the REST
 * gateway returns: 1 to 64 characters of letters, digits, {@code _} and {@code -}.
 *
 * @param value the id
 */
public record EntryId(String value) {
  /** 60 random bits per process, so ids from processes sharing one ledger do not collide. */
  private static final String PROCESS_PREFIX = Long.toString(new SecureRandom().nextLong() >>> 4, 36);
  private static final AtomicLong COUNTER = new AtomicLong();
  /**
   * Checks the components; each is described with the record.
   *
   * @param value the id
   */
  public EntryId {
    Names.requireId(value, "entry id");
  }

  /**
   * A new id, unique across processes: a random per-process prefix and a fixed-width counter.
   * Cheap (no secure random number per call), and ids of one process sort in booking order.
   *
   * @return a new id
   */
  public static EntryId random() {
    String count = Long.toString(COUNTER.incrementAndGet(), 36);
    // fixed width, so one process's ids sort in booking order and a store's id index grows at its end
    return new EntryId(PROCESS_PREFIX + "-" + "0".repeat(Math.max(0, 12 - count.length())) + count);
  }

  /**
   * @param value the id
   * @return the entry id
   */
  public static EntryId of(String value) {
    return new EntryId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
