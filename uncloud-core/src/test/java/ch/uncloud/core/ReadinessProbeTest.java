package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Readiness;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.DirectoryEntry;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Readiness probes")
class ReadinessProbeTest {
  /** How long each of the 50 checks waits for the hung directory (the ledger's answer is not asserted on). */
  private static final Duration SHORT = Duration.ofMillis(200);

  private final ProbedDirectory directory = new ProbedDirectory(InMemoryAccountDirectory.withContractFixture());
  private final UncloudCore uncloud = UncloudCore.builder().ledger(InMemoryLedger.create()).directory(directory)
      .currency(Currency.getInstance("CHF")).admin("raplab", Secret.of("verygeheim")).build();

  @AfterEach
  void close() {
    directory.unblock();
    uncloud.close();
  }

  @Test
  @DisplayName("start no second probe of a directory whose probe hangs: 50 checks make one probe call and each answer names it down")
  void oneProbeInFlightPerComponent() throws Exception {
    assertThat(uncloud.readiness(Duration.ofSeconds(5)).ready()).isTrue();
    directory.block();
    List<Readiness> answers = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try {
      List<Future<Readiness>> asked = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        asked.add(callers.submit(() -> uncloud.readiness(SHORT)));
      }
      for (Future<Readiness> answer : asked) {
        answers.add(answer.get(30, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(directory.probes()).as("probes started since the directory hung").isEqualTo(1);
    assertThat(answers).hasSize(50).allSatisfy(r -> {
      assertThat(r.ready()).isFalse();
      assertThat(r.down()).contains("directory");
    });

    directory.unblock();
    Readiness recovered = uncloud.readiness(Duration.ofSeconds(5));
    assertThat(recovered.ready()).isTrue();
    assertThat(recovered.down()).isEmpty();
  }

  @Test
  @DisplayName("log one WARN for a check that fails 20 times in a row, and one INFO when it answers again")
  void logsChangesOfStateOnly() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(uncloud.readiness(Duration.ofSeconds(2)).ready()).isTrue();
      directory.delegate.failNextReads(20);
      for (int i = 0; i < 20; i++) {
        assertThat(uncloud.readiness(Duration.ofSeconds(2)).down()).containsExactly("directory");
      }
      assertThat(uncloud.readiness(Duration.ofSeconds(2)).ready()).isTrue();
      assertThat(uncloud.readiness(Duration.ofSeconds(2)).ready()).isTrue();
    } finally {
      System.setErr(original);
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains("readiness: the directory")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("WARN").contains("readiness: the directory is down");
    assertThat(lines.get(1)).contains("INFO").contains("readiness: the directory answers again");
  }

  /** The in-memory directory, whose readiness probes (look-ups of the probe's name) can hang and are counted. */
  private static final class ProbedDirectory extends ForwardingDirectory {
    private static final Username PROBE = Username.of("uncloud-readiness-probe");
    final InMemoryAccountDirectory delegate;
    private final AtomicInteger probes = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    ProbedDirectory(InMemoryAccountDirectory delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    /** Makes the next probes hang until {@link #unblock()}, and counts them from zero. */
    void block() {
      gate = new CountDownLatch(1);
      probes.set(0);
    }

    void unblock() {
      gate.countDown();
    }

    int probes() {
      return probes.get();
    }

    @Override
    public Optional<DirectoryEntry> find(Username user) {
      if (user.equals(PROBE)) {
        probes.incrementAndGet();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      return super.find(user);
    }
  }
}
