package ch.uncloud.core;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * One component's readiness probe. At most one probe runs at a time: a check while one is still in flight
 * waits for that one (until its own deadline) instead of starting another, so a component that hangs
 * holds one thread, not one per check. Logs only changes of state: up to down at WARN with the reason,
 * down to up at INFO. Thread-safe.
 */
final class ReadinessProbe {
  /** What a probe found: {@code null} when the component answered, else why not. */
  private CompletableFuture<String> inFlight;
  /** The state last reported; {@code null} before the first check. */
  private Boolean lastUp;

  private final String component;
  private final Runnable probe;
  private final Executor threads;
  private final Logger log;

  ReadinessProbe(String component, Runnable probe, Executor threads, Logger log) {
    this.component = component;
    this.probe = probe;
    this.threads = threads;
    this.log = log;
  }

  /** @return the probe in flight, or a new one if none is */
  synchronized Pending start() {
    if (inFlight != null && !inFlight.isDone()) {
      return new Pending(inFlight, false);
    }
    inFlight = CompletableFuture.supplyAsync(this::run, threads);
    return new Pending(inFlight, true);
  }

  private String run() {
    try {
      probe.run();
      return null;
    } catch (RuntimeException e) {
      return "it does not answer: " + e.getMessage();
    }
  }

  private synchronized boolean report(boolean up, String reason) {
    if (lastUp == null ? !up : lastUp != up) {
      if (up) {
        log.info("readiness: the {} answers again", component);
      } else {
        log.warn("readiness: the {} is down: {}", component, reason);
      }
    }
    lastUp = up;
    return up;
  }

  /** A probe one check waits for. */
  final class Pending {
    private final CompletableFuture<String> answer;
    private final boolean startedByThisCheck;

    private Pending(CompletableFuture<String> answer, boolean startedByThisCheck) {
      this.answer = answer;
      this.startedByThisCheck = startedByThisCheck;
    }

    /**
     * @param deadline the check's deadline ({@link System#nanoTime()})
     * @param timeout the check's timeout, for the log
     * @return whether the component answered by the deadline
     */
    boolean await(long deadline, Duration timeout) {
      try {
        String failure = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return report(failure == null, failure);
      } catch (TimeoutException e) {
        return report(false, startedByThisCheck ? "it did not answer within " + timeout
            : "its probe is still running (an earlier one has not answered yet); no new one was started");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | CancellationException e) {
        return report(false, "its probe failed: " + e);
      }
    }
  }
}
