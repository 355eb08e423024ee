package ch.uncloud.api.credit;

import ch.uncloud.api.Names;
import java.nio.charset.StandardCharsets;
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
  /** 36^12 ids per process before the counter's width would have to grow. */
  private static final int COUNTER_DIGITS = 12;
  private static final byte[] PREFIX_BYTES = PROCESS_PREFIX.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
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
    // fixed width, so one process's ids sort in booking order and a store's id index grows at its end;
    // written into one buffer because every booking takes an id
    long count = COUNTER.incrementAndGet();
    int prefix = PREFIX_BYTES.length;
    byte[] id = new byte[prefix + 1 + COUNTER_DIGITS];
    System.arraycopy(PREFIX_BYTES, 0, id, 0, prefix);
    id[prefix] = '-';
    for (int i = id.length - 1; i > prefix; i--) {
      id[i] = BASE36[(int) (count % 36)];
      count /= 36;
    }
    return new EntryId(new String(id, StandardCharsets.US_ASCII));
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
