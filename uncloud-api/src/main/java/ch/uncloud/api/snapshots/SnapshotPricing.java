package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Currency;
import java.util.Objects;

/**
 * Prices the {@value SnapshotUsage#PRODUCT} product: a price per GB and second, where a GB is
 * 2<sup>30</sup> bytes (as Ceph counts image sizes). Costs are exact {@link BigDecimal}s (no
 * rounding at all: 2<sup>30</sup> divides a power of ten, nanosecond durations are exact); only
 * {@link #charge} rounds, once, half up to the currency's decimals. Immutable and thread-safe.
 *
 * @param pricePerGbSecond the price of one GB kept for one second, not negative
 * @param currency the currency of the price
 */
public record SnapshotPricing(BigDecimal pricePerGbSecond, Currency currency) {
  /** 0.00000014 CHF per GB and second (about 0.36 CHF per GB and 30-day month). */
  public static final SnapshotPricing DEFAULT =
      new SnapshotPricing(new BigDecimal("0.00000014"), Currency.getInstance("CHF"));

  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

  /**
   * @throws InvalidRequestException ({@code invalid_argument}) if the price is negative
   *
   * @param pricePerGbSecond the price of one GB kept for one second, not negative
   * @param currency the currency of the price
   */
  public SnapshotPricing {
    Objects.requireNonNull(pricePerGbSecond, "pricePerGbSecond");
    Objects.requireNonNull(currency, "currency");
    if (pricePerGbSecond.signum() < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "snapshot price must not be negative");
    }
  }

  /**
   * @param pricePerGbSecond e.g. {@code "0.00000014"}
   * @param currencyCode e.g. {@code "CHF"}
   * @return the pricing
   */
  public static SnapshotPricing of(String pricePerGbSecond, String currencyCode) {
    return new SnapshotPricing(new BigDecimal(pricePerGbSecond), Currency.getInstance(currencyCode));
  }

  /**
   * The exact cost of one interval within a billing period. Only the part of the interval inside
   * {@code [from, to)} counts; an open interval runs until {@code to}.
   *
   * @param usage the interval
   * @param from the period's start
   * @param to the period's end (exclusive)
   * @return the exact cost, never negative, unrounded
   */
  public BigDecimal exactCost(SnapshotUsage usage, Instant from, Instant to) {
    Instant start = usage.startedAt().isAfter(from) ? usage.startedAt() : from;
    Instant end = usage.isOpen() || usage.endedAt().isAfter(to) ? to : usage.endedAt();
    if (!end.isAfter(start)) {
      return BigDecimal.ZERO;
    }
    return gbSeconds(usage.sizeBytes(), Duration.between(start, end)).multiply(pricePerGbSecond);
  }

  /**
   * @param usages intervals
   * @param from the period's start
   * @param to the period's end (exclusive)
   * @return the exact sum of their costs in the period
   */
  public BigDecimal exactCost(Collection<SnapshotUsage> usages, Instant from, Instant to) {
    return usages.stream().map(u -> exactCost(u, from, to)).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * @param usages intervals
   * @param from the period's start
   * @param to the period's end (exclusive)
   * @return the sum of their costs, rounded once, half up, to the currency's decimals
   */
  public Money charge(Collection<SnapshotUsage> usages, Instant from, Instant to) {
    return new Money(exactCost(usages, from, to)
        .setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP), currency);
  }

  /**
   * @param sizeBytes a size
   * @param duration how long it is kept
   * @return the exact GB-seconds
   */
  public static BigDecimal gbSeconds(long sizeBytes, Duration duration) {
    BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    // exact: 2^30 divides 10^30, so the quotient terminates
    return BigDecimal.valueOf(sizeBytes).multiply(seconds).divide(BYTES_PER_GB).stripTrailingZeros();
  }
}
