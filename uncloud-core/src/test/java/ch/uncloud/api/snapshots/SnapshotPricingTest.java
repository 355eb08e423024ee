package ch.uncloud.api.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.core.internal.SnapshotUsageRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pricing of the vm-snapshot product and the default usage recorder. */
class SnapshotPricingTest {
  private static final long GB = 1L << 30;
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofDays(31));

  private static SnapshotUsage usage(long bytes, Instant start, Instant end) {
    return new SnapshotUsage(UUID.randomUUID().toString(), Username.of("alice"), UUID.randomUUID(), "s", bytes, start, end);
  }

  @Test
  @DisplayName("the default price is 0.00000014 CHF per GB-second and sizes count in 2^30-byte GB")
  void defaultPrice() {
    // 1 GB for one hour = 3600 GB-s = 0.000504 CHF exactly
    assertThat(SnapshotPricing.DEFAULT.exactCost(usage(GB, T0, T0.plusSeconds(3600)), T0, T1))
        .isEqualByComparingTo("0.000504");
    // half a GB (512 MiB) for 1 ns: 0.5e-9 GB-s, still exact
    assertThat(SnapshotPricing.DEFAULT.exactCost(usage(GB / 2, T0, T0.plusNanos(1)), T0, T1))
        .isEqualByComparingTo("0.00000000000000007");
  }

  @Test
  @DisplayName("only the part of an interval inside the period is priced, open intervals run to its end")
  void clipsToPeriod() {
    SnapshotUsage before = usage(10 * GB, T0.minus(Duration.ofDays(1)), T0.plusSeconds(100));
    SnapshotUsage open = usage(10 * GB, T1.minusSeconds(50), null);
    SnapshotUsage outside = usage(10 * GB, T1.plusSeconds(1), null);

    assertThat(SnapshotPricing.DEFAULT.exactCost(before, T0, T1)).isEqualByComparingTo("0.00014");
    assertThat(SnapshotPricing.DEFAULT.exactCost(open, T0, T1)).isEqualByComparingTo("0.00007");
    assertThat(SnapshotPricing.DEFAULT.exactCost(outside, T0, T1)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  @DisplayName("a charge sums the exact costs and rounds once, half up, to the currency")
  void chargeRoundsOnce() {
    // 100 GB for 31 days = 267'840'000 GB-s -> 37.4976 CHF; plus three 1 GB x 3600 s = 0.001512
    List<SnapshotUsage> usages = List.of(usage(100 * GB, T0, null), usage(GB, T0, T0.plusSeconds(3600)),
        usage(GB, T0, T0.plusSeconds(3600)), usage(GB, T0, T0.plusSeconds(3600)));
    assertThat(SnapshotPricing.DEFAULT.exactCost(usages, T0, T1)).isEqualByComparingTo("37.499112");
    assertThat(SnapshotPricing.DEFAULT.charge(usages, T0, T1)).isEqualTo(Money.of("37.50", "CHF"));
    assertThat(SnapshotPricing.of("0.00000001", "EUR").charge(usages, T0, T1)).isEqualTo(Money.of("2.68", "EUR"));
  }

  @Test
  @DisplayName("negative prices and intervals that end before they start are refused")
  void refusesNonsense() {
    assertThatThrownBy(() -> SnapshotPricing.of("-0.1", "CHF")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> usage(GB, T1, T0)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("the recorder keeps the started interval and closes it when billing ends")
  void recorder() {
    SnapshotUsageRecorder recorder = new SnapshotUsageRecorder();
    SnapshotUsage u = usage(GB, T0, null);
    recorder.started(u);
    assertThat(recorder.open()).containsExactly(u);

    recorder.ended(u.endedAt(T0.plusSeconds(5)));
    assertThat(recorder.open()).isEmpty();
    assertThat(recorder.usages()).singleElement().extracting(SnapshotUsage::endedAt).isEqualTo(T0.plusSeconds(5));
    assertThat(recorder.usages(Username.of("bob"))).isEmpty();
  }
}
