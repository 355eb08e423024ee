package ch.uncloud.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Runs a number of calling threads against one charge function: a warm-up, then a measured window
 * in which every call's latency goes into an HdrHistogram. Prints a progress line while it runs.
 */
final class LoadRunner {
  /** One charge by one caller; callers are numbered from 0. */
  @FunctionalInterface
  interface Charger {
    void charge(int caller) throws Exception;
  }

  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final PrintStream progress;

  LoadRunner(PrintStream progress) {
    this.progress = progress;
  }

  BenchResult run(String store, String mode, int callers, Duration warmup, Duration measure, Charger charger)
      throws InterruptedException {
    return run(store, mode, callers, warmup, measure, charger, () -> { });
  }

  /**
   * @param atMeasureStart run when the warm-up ends and the measured window begins
   */
  BenchResult run(String store, String mode, int callers, Duration warmup, Duration measure, Charger charger,
      Runnable atMeasureStart) throws InterruptedException {
    Histogram[] histograms = new Histogram[callers];
    LongAdder measured = new LongAdder();
    LongAdder errors = new LongAdder();
    LongAdder total = new LongAdder();
    Object[] firstError = new Object[1];
    // 0 warm-up, 1 measuring, 2 stopped
    AtomicInteger phase = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      histograms[c] = new Histogram(MAX_LATENCY_NANOS, 3);
      Thread thread = new Thread(() -> {
        Histogram histogram = histograms[caller];
        while (true) {
          int now = phase.get();
          if (now == 2) {
            return;
          }
          long start = System.nanoTime();
          try {
            charger.charge(caller);
          } catch (Exception | Error e) {
            if (now == 1) {
              errors.increment();
            }
            synchronized (firstError) {
              if (firstError[0] == null) {
                firstError[0] = e;
              }
            }
            continue;
          }
          long took = System.nanoTime() - start;
          total.increment();
          if (now == 1 && phase.get() == 1) {
            histogram.recordValue(Math.min(took, MAX_LATENCY_NANOS));
            measured.increment();
          }
        }
      }, "bench-caller-" + c);
      thread.setDaemon(true);
      threads.add(thread);
    }
    String label = String.format(Locale.ROOT, "%-8s %-7s %3d callers", store, mode, callers);
    threads.forEach(Thread::start);
    tick(label, "warm-up", warmup, total);
    atMeasureStart.run();
    phase.set(1);
    long measureStart = System.nanoTime();
    tick(label, "measure", measure, total);
    phase.set(2);
    double seconds = (System.nanoTime() - measureStart) / 1e9;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(70));
    }
    progress.print("\r" + " ".repeat(100) + "\r");
    progress.flush();
    if (firstError[0] != null) {
      progress.println("  " + label + ": first error: " + firstError[0]);
    }
    Histogram all = new Histogram(MAX_LATENCY_NANOS, 3);
    for (Histogram h : histograms) {
      all.add(h);
    }
    return new BenchResult(store, mode, callers, measured.sum() / seconds,
        all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6,
        all.getValueAtPercentile(99.9) / 1e6, errors.sum());
  }

  /**
   * Runs {@code calls} calls on {@code callers} threads, unmeasured.
   *
   * @param callers threads
   * @param calls how many calls in total
   * @param charger the call
   */
  void prime(int callers, int calls, Charger charger) throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread thread = new Thread(() -> {
        while (started.getAndIncrement() < calls) {
          try {
            charger.charge(caller);
          } catch (Exception e) {
            failure[0] = e;
          }
        }
      }, "bench-prime-" + c);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure[0] != null) {
      progress.println("  priming saw an error: " + failure[0]);
    }
  }

  private void tick(String label, String what, Duration length, LongAdder total) throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    long lastCount = total.sum();
    long lastTime = System.nanoTime();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 1000));
      long count = total.sum();
      long now = System.nanoTime();
      double rate = (count - lastCount) / ((now - lastTime) / 1e9);
      lastCount = count;
      lastTime = now;
      long elapsed = length.toNanos() - Math.max(0, end - now);
      progress.printf(Locale.ROOT, "\r  %s  [%s %4.1f/%d s]  %,12.0f charges/s   ", label, what, elapsed / 1e9,
          length.toSeconds(), rate);
      progress.flush();
    }
  }
}
