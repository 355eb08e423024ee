package ch.uncloud.core;

import ch.uncloud.api.Readiness;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ledger and the directory answer now: the ledger a balance read, the directory a search,
 * both for a name no account has, in parallel, each within the timeout. What went wrong is logged here
 * (a provider's message may name a host); the answer names only the component.
 */
final class ProviderReadiness implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderReadiness.class);
  /** Whether the lookup answers is all that matters, not what it finds. */
  private static final Username PROBE = Username.of("uncloud-readiness-probe");

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final Currency currency;
  private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "uncloud-readiness");
    thread.setDaemon(true);
    return thread;
  });

  ProviderReadiness(Ledger ledger, AccountDirectory directory, Currency currency) {
    this.ledger = ledger;
    this.directory = directory;
    this.currency = currency;
  }

  Readiness check(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the readiness timeout must be positive, not " + timeout);
    }
    CompletableFuture<Boolean> ledgerUp = answers("ledger", () -> ledger.balance(PROBE, currency));
    CompletableFuture<Boolean> directoryUp = answers("directory", () -> directory.find(PROBE));
    long deadline = System.nanoTime() + timeout.toNanos();
    return new Readiness(List.of(new Readiness.Check("ledger", within(ledgerUp, deadline, "ledger")),
        new Readiness.Check("directory", within(directoryUp, deadline, "directory"))));
  }

  private CompletableFuture<Boolean> answers(String component, Runnable probe) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        probe.run();
        return true;
      } catch (RuntimeException e) {
        LOG.warn("readiness: the {} does not answer: {}", component, e.getMessage());
        return false;
      }
    }, checks);
  }

  private static boolean within(CompletableFuture<Boolean> answer, long deadline, String component) {
    try {
      return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      answer.cancel(true);
      LOG.warn("readiness: the {} did not answer in time", component);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
