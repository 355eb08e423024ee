package ch.uncloud.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process's CPU time per completed call over a load run's measured window (from
 * {@link #restart()}; the warm-up's compilation would otherwise dominate): with every core busy,
 * cores divided by it bounds the calls per second the process can reach. The calling threads' own
 * CPU time is counted apart, so that a client in the same process can be told from the server.
 */
final class CpuPerCall {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final LongAdder calls = new LongAdder();
  private final LongAdder callerNanos = new LongAdder();
  private volatile long startNanos = processCpuNanos();
  private long stopNanos;
  private long stoppedCalls;
  private long stoppedCallerNanos;

  /** Starts counting anew: calls and CPU time from now on. */
  void restart() {
    startNanos = processCpuNanos();
    calls.reset();
    callerNanos.reset();
  }

  /** @return {@code charger}, counting each call that completes */
  LoadRunner.Charger counting(LoadRunner.Charger charger) {
    return caller -> {
      long cpu = THREADS.getCurrentThreadCpuTime();
      charger.charge(caller);
      callerNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
      calls.increment();
    };
  }

  /** Ends the window: {@link #micros()} no longer grows. */
  void stop() {
    stopNanos = processCpuNanos();
    stoppedCalls = calls.sum();
    stoppedCallerNanos = callerNanos.sum();
  }

  /** @return CPU microseconds per completed call between {@link #restart()} and {@link #stop()} */
  double micros() {
    return stoppedCalls == 0 ? 0 : (stopNanos - startNanos) / 1e3 / stoppedCalls;
  }

  /** @return the calling threads' own CPU microseconds per completed call in the same window */
  double callerMicros() {
    return stoppedCalls == 0 ? 0 : stoppedCallerNanos / 1e3 / stoppedCalls;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
