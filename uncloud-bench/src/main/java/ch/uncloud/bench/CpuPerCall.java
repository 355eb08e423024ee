package ch.uncloud.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process's CPU time per completed call over one load run (warm-up included): with every core
 * busy, cores divided by it bounds the calls per second the process can reach.
 */
final class CpuPerCall {
  private final LongAdder calls = new LongAdder();
  private final long startNanos = processCpuNanos();

  /** @return {@code charger}, counting each call that completes */
  LoadRunner.Charger counting(LoadRunner.Charger charger) {
    return caller -> {
      charger.charge(caller);
      calls.increment();
    };
  }

  /** @return CPU microseconds per completed call since this meter was made */
  double micros() {
    long n = calls.sum();
    return n == 0 ? 0 : (processCpuNanos() - startNanos) / 1e3 / n;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
