package ch.uncloud.core;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How often the quota grants' schedule runs ({@code uncloud.quota.schedule}): every fixed ISO-8601
 * duration such as {@code PT1H}, or {@code daily} at the start of each day in the core's zone.
 *
 * @param every the fixed interval; {@code null} for daily
 */
public record QuotaInterval(Duration every) {
  /** The configuration key that sets the interval; the schedule is off without it. */
  public static final String KEY = "uncloud.quota.schedule";
  private static final String DAILY = "daily";

  /**
   * @param every the fixed interval, positive; {@code null} for daily
   */
  public QuotaInterval {
    if (every != null && (every.isNegative() || every.isZero())) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the quota schedule's interval must be positive, "
          + "such as PT1H, or daily");
    }
  }

  /**
   * @return a run at the start of each day
   */
  public static QuotaInterval daily() {
    return new QuotaInterval(null);
  }

  /**
   * @param text {@code daily} or an ISO-8601 duration such as {@code PT1H}
   * @return the interval
   * @throws InvalidRequestException ({@code invalid_argument}) naming what is accepted
   */
  public static QuotaInterval parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.trim().equalsIgnoreCase(DAILY)) {
      return daily();
    }
    try {
      return new QuotaInterval(Duration.parse(text.trim()));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "'" + text + "' is neither an ISO-8601 duration "
          + "such as PT1H nor daily", e);
    }
  }

  /**
   * @param now when a run ended
   * @param zone the zone days are counted in
   * @return when the next run is due
   */
  public Instant next(Instant now, ZoneId zone) {
    return every != null ? now.plus(every) : LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * @return how often a thread should look whether a run is due: the interval, at most a minute
   */
  Duration poll() {
    Duration minute = Duration.ofMinutes(1);
    return every != null && every.compareTo(minute) < 0 ? every : minute;
  }

  @Override
  public String toString() {
    return every == null ? DAILY : every.toString();
  }
}
