package ch.uncloud.core;

import ch.uncloud.api.UncloudException;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.LockReconciliation;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CreditService#reconcileLocks()} on a background thread: once right away, then every
 * interval, so lock flags whose write failed (answers said {@code lockPending}) are repaired and
 * flags changed behind uncloud's back are put right. A server ({@code uncloud serve --config}) starts
 * one with {@link UncloudCore#startLockReconciler()}; close it before the credit service.
 */
public final class LockReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LockReconciler.class);

  private final ScheduledExecutorService executor;

  private LockReconciler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * @param credit the credit service whose flags to reconcile
   * @param interval how often after the first run; zero runs it once only
   * @return the running reconciler
   */
  public static LockReconciler start(CreditService credit, Duration interval) {
    Objects.requireNonNull(credit, "credit");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("the reconcile interval must not be negative");
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "uncloud-lock-reconciler");
      thread.setDaemon(true);
      return thread;
    });
    Runnable run = () -> reconcile(credit);
    if (interval.isZero()) {
      executor.execute(run);
    } else {
      executor.scheduleWithFixedDelay(run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return new LockReconciler(executor);
  }

  private static void reconcile(CreditService credit) {
    try {
      LockReconciliation result = credit.reconcileLocks();
      if (!result.failed().isEmpty()) {
        LOG.warn("lock flags: {} accounts checked, {} corrected, {} still cannot be written: {}", result.checked(),
            result.corrected().size(), result.failed().size(), result.failed());
      } else if (!result.corrected().isEmpty()) {
        LOG.info("lock flags: {} accounts checked, {} corrected: {}", result.checked(), result.corrected().size(),
            result.corrected());
      }
    } catch (UncloudException e) {
      LOG.warn("lock flags could not be reconciled now ({}); the next run tries again", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("reconciling the lock flags failed unexpectedly; the next run tries again", e);
    }
  }

  /** Stops the background runs (a run in progress finishes). Idempotent. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
