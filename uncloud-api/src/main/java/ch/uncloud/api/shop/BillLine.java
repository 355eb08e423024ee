package ch.uncloud.api.shop;

import ch.uncloud.api.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a bill; on a final bill every non-zero line is a ledger charge.
 *
 * @param lineId a stable id, unique within the bill (the ledger's idempotency key derives from it)
 * @param kind one-time, recurring or usage
 * @param description what the line is for
 * @param orderId the order it comes from, or {@code null} for usage
 * @param from start of the billed interval
 * @param to end of the billed interval
 * @param amount the amount, rounded half-up to the currency's decimals
 */
public record BillLine(String lineId, Kind kind, String description, String orderId, Instant from, Instant to,
    Money amount) {

  /** What a line bills. */
  public enum Kind {
    /** A one-time fee, billed in the month the order starts. */
    ONE_TIME,
    /** A monthly price, pro rata by the second the order was active in the month. */
    RECURRING,
    /** Usage (snapshot GB-seconds). */
    USAGE
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param lineId a stable id
   * @param kind one-time, recurring or usage
   * @param description what the line is for
   * @param orderId the order, or {@code null}
   * @param from start of the billed interval
   * @param to end of the billed interval
   * @param amount the amount
   */
  public BillLine {
    Objects.requireNonNull(lineId, "lineId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(amount, "amount");
  }
}
