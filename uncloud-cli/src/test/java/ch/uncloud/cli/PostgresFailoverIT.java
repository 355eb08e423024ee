package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's "PostgreSQL that fails over": one {@code uncloud serve --config} whose ledger URL names
 * a primary and its synchronous standby ({@code targetServerType=primary}), both run by Patroni
 * with etcd ({@link PatroniCluster}). Clients book under load, each booking sent again under the
 * same key until a 200 acknowledges it; the primary's machine is lost (SIGKILL to Patroni and to
 * every PostgreSQL process), Patroni promotes the standby once the leader lock expires, and the
 * same uncloud process, never restarted, books on the new primary. Every acknowledged booking is
 * then on the new primary exactly once, and the write outage is measured.
 */
@DisplayName("a PostgreSQL primary lost to SIGKILL, its synchronous standby promoted by Patroni")
class PostgresFailoverIT {
  private static final int CLIENTS = 8;
  private static final int USERS = 16;
  private static final int BEFORE_KILL = 1_000;
  private static final int AFTER_KILL = 1_000;
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  @TempDir
  Path work;

  private PatroniCluster cluster;
  private LaunchedUncloud gateway;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The first few answers other than a 200, as the clients saw them. */
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  /** Set when the test ends, however it ends, so that no client books on. */
  private volatile boolean over;

  /**
   * One acknowledged booking: what it was, when its last (successful) try was sent and answered, in
   * how many tries, and whether that answer found an earlier try's booking.
   */
  private record Ack(LabBooking booking, long sentAt, long answeredAt, int tries, boolean replayed) {}

  @AfterEach
  void stop() {
    over = true;
    if (gateway != null) {
      gateway.process().destroyForcibly();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("loses no acknowledged booking, books none twice, and books again without restarting uncloud")
  void failover() throws Exception {
    cluster = PatroniCluster.start(work);
    PatroniCluster.Node first = cluster.primary().orElseThrow();
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      List<String> users = LabStudents.add(ldap, 16);
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.removeIf(k -> k.startsWith("uncloud.jdbc.url="));
      keys.addAll(List.of("uncloud.jdbc.url=" + cluster.jdbcUrl(), "uncloud.jdbc.user=postgres",
          "uncloud.jdbc.connect-timeout-ms=2000"));
      Files.write(config, keys);
      gateway = LaunchedUncloud.start(work, Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword()), "serve", "--config",
          config.toString());
      long pid = gateway.process().pid();

      List<Ack> acks = new CopyOnWriteArrayList<>();
      List<String> problems = new CopyOnWriteArrayList<>();
      AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger afterKill = new AtomicInteger();
      Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, r -> {
        Thread t = new Thread(r, "failover-client");
        t.setDaemon(true);
        return t;
      });
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> {
          Random random = new Random(client);
          for (int n = 0; afterKill.get() < AFTER_KILL && !over; n++) {
            LabBooking booking = new LabBooking("fo-" + client + "-" + n, random.nextInt(10) < 4,
                users.get(random.nextInt(USERS)), 1 + random.nextInt(400));
            Ack ack = untilAcknowledged(booking, failures, problems);
            if (ack == null) {
              return null;
            }
            acks.add(ack);
            if (ack.sentAt() > killedAt.get()) {
              afterKill.incrementAndGet();
            }
          }
          return null;
        }));
      }
      awaitAcks(acks, BEFORE_KILL, problems);
      first.killMachine();
      killedAt.set(System.nanoTime());
      PatroniCluster.Node second = cluster.nodes().stream().filter(n -> n != first).findFirst().orElseThrow();
      for (Future<?> f : running) {
        f.get(GIVE_UP.toMinutes() + 2, TimeUnit.MINUTES);
      }
      clients.shutdown();

      Map<String, Integer> perKey;
      Map<String, Long> amounts;
      Map<String, Long> balances;
      try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
        perKey = LedgerChecks.entriesPerKey(c);
        amounts = LedgerChecks.amountPerKey(c);
        balances = LedgerChecks.balances(c);
        LedgerChecks.assertLedgerConsistent(c);
      }
      LedgerChecks.assertVerifyCommandClean(work, Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword()), config);
      long lost = acks.stream().filter(a -> !perKey.containsKey(a.booking().key())).count();
      long doubled = perKey.values().stream().filter(n -> n > 1).count();
      long found = acks.stream().filter(a -> perKey.containsKey(a.booking().key())).count();
      long notAcknowledged = perKey.keySet().stream().filter(k -> acks.stream().noneMatch(a -> a.booking().key().equals(k)))
          .count();
      Ack lastBefore = acks.stream().filter(a -> a.answeredAt() < killedAt.get())
          .max(Comparator.comparingLong(Ack::answeredAt)).orElseThrow();
      Ack firstAfter = acks.stream().filter(a -> a.sentAt() > killedAt.get())
          .min(Comparator.comparingLong(Ack::answeredAt)).orElseThrow();
      Duration outage = Duration.ofNanos(firstAfter.answeredAt() - lastBefore.answeredAt());
      Duration killToFirst = Duration.ofNanos(firstAfter.answeredAt() - killedAt.get());
      Map<String, Long> expected = new HashMap<>();
      acks.forEach(a -> expected.merge(a.booking().user(), a.booking().signedCents(), Long::sum));
      String summary = "PostgresFailoverIT: acknowledged " + acks.size() + " (" + acks.stream()
          .filter(a -> a.answeredAt() < killedAt.get()).count() + " before the kill), found " + found + ", lost " + lost
          + ", doubled " + doubled + ", booked but never acknowledged " + notAcknowledged + "; acknowledged after a retry "
          + acks.stream().filter(a -> a.tries() > 1).count() + ", of which an earlier try had booked "
          + acks.stream().filter(Ack::replayed).count() + "; write outage "
          + outage.toMillis() + " ms (last acknowledgement before the kill to the first after it; " + killToFirst.toMillis()
          + " ms from the kill), retried answers " + failures + "; new primary " + second.name + "\n";
      System.out.print(summary);
      Files.writeString(Path.of("target", "postgres-failover.txt"), summary + "first refusals:\n"
          + String.join("\n", refusals) + "\nuncloud's stderr:\n" + Files.readString(gateway.stderr()));
      boolean sameProcess = gateway.process().isAlive() && gateway.process().pid() == pid;
      gateway.process().destroy();
      assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS)).as("uncloud stops on SIGTERM").isTrue();
      assertThat(gateway.process().exitValue()).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);

      assertThat(problems).as("answers other than a booking or a retryable failure").isEmpty();
      assertThat(sameProcess).as("the same uncloud process booked throughout").isTrue();
      assertThat(second.isPrimary()).as("Patroni promoted the standby").isTrue();
      assertThat(acks.stream().filter(a -> a.sentAt() > killedAt.get())).hasSizeGreaterThanOrEqualTo(AFTER_KILL);
      assertThat(lost).as("acknowledged bookings missing on the new primary").isZero();
      assertThat(doubled).as("keys booked twice").isZero();
      assertThat(notAcknowledged).as("bookings no client saw acknowledged").isZero();
      acks.forEach(a -> assertThat(amounts.get(a.booking().key())).as(a.booking().key()).isEqualTo(a.booking().signedCents()));
      assertThat(balances).as("every balance is the exact sum of what was acknowledged").isEqualTo(expected);
    }
  }

  /**
   * Sends the booking, and again under the same key after a lost answer or a 503, until a 200.
   *
   * @return its acknowledgement, or {@code null} after {@link #GIVE_UP} or an answer that is not
   *     worth a retry (recorded in {@code problems})
   */
  private Ack untilAcknowledged(LabBooking booking, Map<String, AtomicInteger> failures, List<String> problems)
      throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    for (int tries = 1; System.nanoTime() < deadline && !over; tries++) {
      long sent = System.nanoTime();
      try {
        LabBooking.Answer answer = booking.send(http, gateway.url(), Duration.ofSeconds(30));
        if (answer.status() == 200) {
          return new Ack(booking, sent, System.nanoTime(), tries, answer.replayed());
        }
        failures.computeIfAbsent(String.valueOf(answer.status()), s -> new AtomicInteger()).incrementAndGet();
        if (refusals.size() < 5) {
          refusals.add(answer.body());
        }
        if (answer.status() != 503) {
          problems.add(booking.key() + ": " + answer);
          return null;
        }
      } catch (IOException e) {
        failures.computeIfAbsent(e.getClass().getSimpleName(), s -> new AtomicInteger()).incrementAndGet();
      }
      Thread.sleep(100);
    }
    problems.add(booking.key() + ": not acknowledged within " + GIVE_UP);
    return null;
  }

  private void awaitAcks(List<Ack> acks, int count, List<String> problems) throws Exception {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (acks.size() < count && problems.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(problems).isEmpty();
    assertThat(acks).as("bookings before the kill; %s", cluster.logs()).hasSizeGreaterThanOrEqualTo(count);
  }
}
