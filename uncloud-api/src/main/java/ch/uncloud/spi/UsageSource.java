package ch.uncloud.spi;

import ch.uncloud.api.shop.UsageRecord;
import java.time.Instant;
import java.util.List;

/** Supplies metered usage (snapshot sizes over time) to the billing run. Thread-safe. */
public interface UsageSource {
  /** A source without any usage. */
  UsageSource NONE = (from, to) -> List.of();

  /**
   * @param from start of a period
   * @param to end of the period (exclusive)
   * @return every usage record overlapping the period
   */
  List<UsageRecord> usage(Instant from, Instant to);
}
