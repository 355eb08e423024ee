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
   * A new id, unique across processes: a random per-process prefix and a counter. Cheap (no
   * secure random number per call), and ids of one process sort roughly in booking order.
   *
   * @return a new id
   */
  public static EntryId random() {
    return new EntryId(PROCESS_PREFIX + "-" + Long.toString(COUNTER.incrementAndGet(), 36));
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
