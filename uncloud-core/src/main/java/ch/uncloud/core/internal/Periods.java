package ch.uncloud.core.internal;

import ch.uncloud.api.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Billing periods: calendar months in the shop's zone, and exact pro-rata shares of them. */
public final class Periods {
  private final ZoneId zone;

  public Periods(ZoneId zone) {
    this.zone = zone;
  }

  Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(zone).toInstant();
  }

  Instant end(YearMonth month) {
    return start(month.plusMonths(1));
  }

  YearMonth monthOf(Instant instant) {
    return YearMonth.from(instant.atZone(zone));
  }

  /** The first instant of the period after the one containing {@code instant}. */
  Instant nextPeriodStart(Instant instant) {
    return end(monthOf(instant));
  }

  /** One period after {@code instant}: the same time next month. */
  Instant onePeriodAfter(Instant instant) {
    return instant.atZone(zone).plusMonths(1).toInstant();
  }

  /**
   * The end of the monthly period, counted from {@code start}, that contains {@code instant}: the
   * first monthly anniversary of {@code start} after {@code instant}, and never before the first one
   * (an order placed on 20 November is in its period until 20 December, then until 20 January).
   */
  Instant anniversaryAfter(Instant start, Instant instant) {
    ZonedDateTime from = start.atZone(zone);
    long months = Math.max(1, ChronoUnit.MONTHS.between(from, instant.atZone(zone)));
    Instant anniversary = from.plusMonths(months).toInstant();
    while (!anniversary.isAfter(instant)) {
      months++;
      anniversary = from.plusMonths(months).toInstant();
    }
    return anniversary;
  }

  /** {@code monthly x seconds / seconds in the month}, rounded half-up to the currency's decimals. */
  Money proRata(Money monthly, long seconds, YearMonth month) {
    long monthSeconds = Duration.between(start(month), end(month)).getSeconds();
    BigDecimal share = monthly.amount().multiply(BigDecimal.valueOf(seconds))
        .divide(BigDecimal.valueOf(monthSeconds), monthly.currency().getDefaultFractionDigits(), RoundingMode.HALF_UP);
    return Money.of(share, monthly.currency());
  }
}
