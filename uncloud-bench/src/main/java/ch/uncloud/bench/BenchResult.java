package ch.uncloud.bench;

import java.util.Locale;

/**
 * One measured row: a store, a mode, a number of callers and what they achieved.
 *
 * @param store {@code memory}, {@code sqlite} or {@code postgres}
 * @param mode {@code uncloud} (chargeUser through the credit service), {@code naive} (hand-written JDBC)
 *     or {@code ceiling} (bare SQLite, {@code callers} entries per commit)
 * @param callers concurrent calling threads
 * @param chargesPerSecond completed charges per second in the measured window
 * @param p50Ms median latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 * @param p999Ms 99.9th percentile latency in milliseconds
 * @param errors calls that failed
 */
public record BenchResult(String store, String mode, int callers, double chargesPerSecond, double p50Ms,
    double p99Ms, double p999Ms, long errors) {

  /** @return the row as a JSON object */
  public String toJson() {
    return String.format(Locale.ROOT, "{\"store\": \"%s\", \"mode\": \"%s\", \"callers\": %d, \"charges_per_s\": %.1f, "
        + "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"errors\": %d}",
        store, mode, callers, chargesPerSecond, p50Ms, p99Ms, p999Ms, errors);
  }
}
