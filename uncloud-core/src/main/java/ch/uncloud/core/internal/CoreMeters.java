package ch.uncloud.core.internal;

import ch.uncloud.api.ConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one place the core turns the {@code Object} a user passed as a meter registry into Micrometer's
 * type. Loaded only when a registry was given, so the core runs without Micrometer on the class path.
 */
public final class CoreMeters {
  private CoreMeters() {}

  /**
   * @param meterRegistry what the user passed
   * @return it as a registry
   * @throws ConfigurationException if it is not a Micrometer {@code MeterRegistry}, or Micrometer is missing
   */
  public static MeterRegistry registry(Object meterRegistry) {
    try {
      if (meterRegistry instanceof MeterRegistry registry) {
        return registry;
      }
    } catch (NoClassDefFoundError missing) {
      throw new ConfigurationException("a meter registry was given but Micrometer is not on the class path; add "
          + "io.micrometer:micrometer-core, or give no registry");
    }
    throw new ConfigurationException("the meter registry must be an io.micrometer.core.instrument.MeterRegistry, not "
        + (meterRegistry == null ? "null" : meterRegistry.getClass().getName()));
  }
}
