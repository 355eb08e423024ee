package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import com.unboundid.ldap.sdk.LDAPConnectionPoolStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The LDAP directory's meters. Built only when a registry is given (the directory itself never
 * references Micrometer), so the directory runs without Micrometer on the class path.
 */
final class LdapMeters {
  static final String LATENCY = "uncloud.directory.latency";
  static final String LOCK_FLAG_WRITES = "uncloud.directory.lock.flag.writes";
  static final String POOL = "uncloud.directory.pool.connections";

  private final MeterRegistry registry;
  private final Counter flagsWritten;
  private final Counter flagsFailed;

  private LdapMeters(MeterRegistry registry) {
    this.registry = registry;
    this.flagsWritten = Counter.builder(LOCK_FLAG_WRITES).description("lock flag writes to the directory, by outcome")
        .tag("outcome", "written").register(registry);
    this.flagsFailed = Counter.builder(LOCK_FLAG_WRITES).description("lock flag writes to the directory, by outcome")
        .tag("outcome", "failed").register(registry);
  }

  static LdapMeters on(Object meterRegistry, Supplier<LDAPConnectionPoolStatistics> pool) {
    if (!(meterRegistry instanceof MeterRegistry registry)) {
      throw new ConfigurationException("the meter registry must be an io.micrometer.core.instrument.MeterRegistry");
    }
    LdapMeters meters = new LdapMeters(registry);
    meters.poolGauge("available", pool, LDAPConnectionPoolStatistics::getNumAvailableConnections);
    meters.poolGauge("max", pool, LDAPConnectionPoolStatistics::getMaximumAvailableConnections);
    return meters;
  }

  private void poolGauge(String state, Supplier<LDAPConnectionPoolStatistics> pool,
      ToDoubleFunction<LDAPConnectionPoolStatistics> read) {
    Gauge.builder(POOL, () -> {
      try {
        return read.applyAsDouble(pool.get());
      } catch (RuntimeException closed) {
        return Double.NaN;
      }
    }).description("the directory's service pool: connections available now, and the most it keeps")
        .tag("state", state).register(registry);
  }

  void request(String operation, long nanos, boolean failed) {
    Timer.builder(LATENCY).description("how long a directory request took, by operation and outcome")
        .tag("operation", operation).tag("outcome", failed ? "error" : "ok").register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void lockFlagWrite(boolean failed) {
    (failed ? flagsFailed : flagsWritten).increment();
  }
}
