package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The JDBC ledger's meters: how many requests each group commit carried ({@value #BATCH_SIZE}) and how
 * long it took ({@value #COMMIT_LATENCY}), tagged with the store ({@code sqlite}, {@code postgresql}), the
 * outbox's backlog, and HikariCP's own meters of the connection pools.
 * Loaded only when a registry is given, so the ledger runs without Micrometer.
 */
final class JdbcMeters {
  static final String BATCH_SIZE = "uncloud.ledger.batch.size";
  static final String COMMIT_LATENCY = "uncloud.ledger.commit.latency";
  static final String OUTBOX_BACKLOG = "uncloud.outbox.backlog";

  private JdbcMeters() {}

  private static MeterRegistry registry(Object meterRegistry) {
    if (!(meterRegistry instanceof MeterRegistry registry)) {
      throw new ConfigurationException("the meter registry must be an io.micrometer.core.instrument.MeterRegistry");
    }
    return registry;
  }

  static GroupCommitWriter.CommitListener commits(Object meterRegistry, String store) {
    MeterRegistry registry = registry(meterRegistry);
    DistributionSummary batches = DistributionSummary.builder(BATCH_SIZE)
        .description("requests booked per group commit (entries and hold operations)").tag("store", store)
        .register(registry);
    Timer commits = Timer.builder(COMMIT_LATENCY).description("how long a group commit took, retries included")
        .tag("store", store).register(registry);
    return (requests, nanos) -> {
      batches.record(requests);
      commits.record(nanos, TimeUnit.NANOSECONDS);
    };
  }

  /**
   * Binds HikariCP's own Micrometer tracker to the ledger's pools: {@code hikaricp.connections} (and its
   * {@code .active}, {@code .idle}, {@code .pending}, {@code .max}, {@code .min}, {@code .timeout},
   * {@code .acquire}, {@code .usage}, {@code .creation}), tagged {@code pool} with the pool's name. HikariCP
   * takes a tracker once per pool, also on a pool already started; it removes the meters when the pool closes.
   */
  static void pools(Object meterRegistry, HikariDataSource... pools) {
    MeterRegistry registry = registry(meterRegistry);
    for (HikariDataSource pool : pools) {
      pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
  }

  /**
   * Registers {@value #OUTBOX_BACKLOG}: the deliveries waiting, by {@code state} ({@code pending},
   * {@code parked}), read from the store when the registry is read; NaN while the store does not answer.
   */
  static void backlog(Object meterRegistry, String store, java.util.function.ToLongFunction<String> waiting) {
    MeterRegistry registry = (MeterRegistry) meterRegistry;
    for (String state : new String[] {"PENDING", "PARKED"}) {
      io.micrometer.core.instrument.Gauge.builder(OUTBOX_BACKLOG, () -> {
        try {
          return waiting.applyAsLong(state);
        } catch (RuntimeException e) {
          return Double.NaN;
        }
      }).description("event deliveries waiting in the outbox, by state").tag("store", store)
          .tag("state", state.toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
  }
}
