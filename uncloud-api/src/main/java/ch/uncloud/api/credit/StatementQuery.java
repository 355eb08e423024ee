package ch.uncloud.api.credit;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import java.time.Instant;
import java.util.Objects;

/**
 * Which of one account's entries a statement shows, and one page of them.
 *
 * @param from the first instant, inclusive
 * @param to the end, exclusive
 * @param service only this service's entries, or {@code null} for all
 * @param limit the most entries on one page, 1 to {@link #MAX_LIMIT}
 * @param cursor where the page starts: {@code null} for the first page, else the
 *     {@link StatementPage#nextCursor()} of the page before
 */
public record StatementQuery(Instant from, Instant to, ServiceName service, int limit, String cursor) {
  /** The most entries one page may hold. */
  public static final int MAX_LIMIT = 1000;

  /**
   * Checks the components; each is described with the record.
   *
   * @param from the first instant, inclusive
   * @param to the end, exclusive
   * @param service only this service's entries, or {@code null} for all
   * @param limit the most entries on one page, 1 to {@link #MAX_LIMIT}
   * @param cursor where the page starts, or {@code null} for the first page
   * @throws InvalidRequestException ({@code invalid_argument}) if the period is empty or the limit out of range
   */
  public StatementQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new InvalidRequestException("invalid_argument", "the statement's from (" + from + ") must be before its "
          + "to (" + to + ")");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("invalid_argument", "the limit must be 1 to " + MAX_LIMIT + ", not " + limit);
    }
  }

  /**
   * @return every entry ever booked, on one page of the largest size
   */
  public static StatementQuery everything() {
    return new StatementQuery(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), null, MAX_LIMIT, null);
  }
}
