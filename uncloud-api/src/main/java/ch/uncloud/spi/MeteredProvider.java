package ch.uncloud.spi;

/**
 * A provider that records its own meters (a store's commit batch sizes, a directory's latency, a
 * payment provider's calls) into a Micrometer {@code MeterRegistry}. The core hands every provider it
 * holds that implements this the registry the user gave {@code UncloudBuilder.meterRegistry}, once,
 * before the first call; without a registry it never calls this, and the provider records nothing.
 *
 * <p>The registry is typed {@code Object} so that this API, and a provider used without metrics,
 * need no Micrometer on the class path. Meter tags have bounded cardinality: never a person's name.
 */
public interface MeteredProvider {
  /**
   * Starts recording into the registry. Called at most once, before the provider serves the core.
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
   * @throws IllegalArgumentException if it is not one
   */
  void recordMetricsTo(Object meterRegistry);
}
