package ch.uncloud.core;

import ch.uncloud.api.UncloudException;
import ch.uncloud.api.credit.QuotaGrantResult;
import ch.uncloud.core.internal.CoreQuotaGrants;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the quota grants for the current period on the schedule {@code uncloud.quota.schedule}, as the
 * system (entries name {@value CoreQuotaGrants#SCHEDULE_PRINCIPAL} as their principal). Due at the
 * first {@link #tick()}, then after each successful run by the {@link QuotaInterval}, counted by the
 * core clock. A run is idempotent per period, so running often is harmless; a failed run (the
 * directory down) is logged and tried again at the next tick. A server starts a thread that ticks with
 * {@link #start()}; tests call {@link #tick()} and move the clock.
 */
public final class QuotaSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaSchedule.class);

  private final Supplier<List<QuotaGrantResult>> run;
  private final QuotaInterval interval;
  private final Clock clock;
  private final ZoneId zone;
  private Instant due;

  QuotaSchedule(Supplier<List<QuotaGrantResult>> run, QuotaInterval interval, Clock clock, ZoneId zone) {
    this.run = run;
    this.interval = interval;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Runs the grants if a run is due by the core clock; never throws for a failed run.
   *
   * @return whether a run was due and succeeded
   */
  public synchronized boolean tick() {
    Instant now = clock.instant();
    if (due != null && now.isBefore(due)) {
      return false;
    }
    try {
      for (QuotaGrantResult result : run.get()) {
        if (result.booked() > 0 || result.lapsed().isPositive()) {
          LOG.info("quota grant {} for {}: {} of {} members booked, {} granted, {} lapsed", result.grant(),
              result.period(), result.booked(), result.members(), result.granted(), result.lapsed());
        }
      }
    } catch (UncloudException e) {
      LOG.warn("the scheduled quota grants could not run now ({}); the next tick tries again", e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.error("the scheduled quota grants failed unexpectedly; the next tick tries again", e);
      return false;
    }
    due = interval.next(now, zone);
    return true;
  }

  /**
   * @return the interval between runs
   */
  public QuotaInterval interval() {
    return interval;
  }

  /**
   * Starts a daemon thread that ticks right away and then every {@link QuotaInterval} (at most every
   * minute, so a daily run starts within a minute of midnight).
   *
   * @return the running thread's handle; close it to stop (a run in progress finishes)
   */
  public AutoCloseable start() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "uncloud-quota-schedule");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(this::tick, 0, interval.poll().toMillis(), TimeUnit.MILLISECONDS);
    return () -> {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
