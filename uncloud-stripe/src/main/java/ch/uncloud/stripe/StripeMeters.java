package ch.uncloud.stripe;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.UncloudException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stripe's meters: {@value #CALLS}, the count and duration of charges and refunds by operation and
 * outcome ({@code ok} or the error code, a bounded set). Built only when a registry is given.
 */
final class StripeMeters {
  static final String CALLS = "uncloud.payment.calls";

  private final MeterRegistry registry;

  private StripeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  static StripeMeters on(Object meterRegistry) {
    if (!(meterRegistry instanceof MeterRegistry registry)) {
      throw new ConfigurationException("the meter registry must be an io.micrometer.core.instrument.MeterRegistry");
    }
    return new StripeMeters(registry);
  }

  <T> T call(String operation, Supplier<T> call) {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = "ok";
      return result;
    } catch (UncloudException e) {
      outcome = e.errorCode();
      throw e;
    } finally {
      Timer.builder(CALLS).description("payment provider calls (charges, refunds), by operation and outcome")
          .tag("provider", "stripe").tag("operation", operation).tag("outcome", outcome).register(registry)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }
}
