package ch.uncloud.core;

import ch.uncloud.api.Readiness;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ledger and the directory answer now: the ledger a balance read, the directory a search,
 * both for a name no account has, in parallel, each within the timeout. Each component has at most one
 * probe in flight ({@link ReadinessProbe}), so a component that hangs holds one thread, however often
 * readiness is asked. What went wrong is logged here (a provider's message may name a host), once per
 * change of state; the answer names only the component.
 */
final class ProviderReadiness implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderReadiness.class);
  /** Whether the lookup answers is all that matters, not what it finds. */
  private static final Username PROBE = Username.of("uncloud-readiness-probe");

  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "uncloud-readiness");
    thread.setDaemon(true);
    return thread;
  });
  private final ReadinessProbe ledger;
  private final ReadinessProbe directory;

  ProviderReadiness(Ledger ledger, AccountDirectory directory, Currency currency) {
    this.ledger = new ReadinessProbe("ledger", () -> ledger.balance(PROBE, currency), threads, LOG);
    this.directory = new ReadinessProbe("directory", () -> directory.find(PROBE), threads, LOG);
  }

  Readiness check(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the readiness timeout must be positive, not " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    ReadinessProbe.Pending ledgerUp = ledger.start();
    ReadinessProbe.Pending directoryUp = directory.start();
    return new Readiness(List.of(new Readiness.Check("ledger", ledgerUp.await(deadline, timeout)),
        new Readiness.Check("directory", directoryUp.await(deadline, timeout))));
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
