package ch.uncloud.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures what a group commit pays, after its commit, to answer callers that sleep waiting for it:
 * one thread completes the futures of threads parked on them, as the ledger's writer does. On a
 * virtual machine each wake-up is a system call that signals another CPU, and a batch of n callers
 * costs the writer n of them before it can begin the next batch; the ceiling row pays none.
 */
final class WakeProbe {
  private static final int ROUNDS = 60;

  private WakeProbe() {}

  /**
   * @param sleepers how many parked threads each round wakes
   * @return the mean time to wake one of them, in microseconds, on the waking thread
   * @throws InterruptedException if interrupted
   */
  static double meanMicros(int sleepers) throws InterruptedException {
    long total = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<CompletableFuture<Object>> answers = new ArrayList<>(sleepers);
      List<Thread> threads = new ArrayList<>(sleepers);
      CountDownLatch started = new CountDownLatch(sleepers);
      for (int i = 0; i < sleepers; i++) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        answers.add(answer);
        Thread thread = new Thread(() -> {
          started.countDown();
          answer.join();
        }, "wake-probe-" + i);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      started.await();
      TimeUnit.MILLISECONDS.sleep(2); // long enough for every thread to park in join()
      long start = System.nanoTime();
      for (CompletableFuture<Object> answer : answers) {
        answer.complete(Boolean.TRUE);
      }
      total += System.nanoTime() - start;
      for (Thread thread : threads) {
        thread.join();
      }
    }
    return total / 1e3 / ROUNDS / sleepers;
  }
}
