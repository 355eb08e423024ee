package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is booking from several threads with SIGKILL at different moments and checks
 * that the reopened store kept every acknowledged booking exactly once, half of none, that every
 * balance still equals the sum of its entries, and that {@link LedgerVerifier} finds nothing after each kill.
 */
@DisplayName("JdbcLedger survives SIGKILL of the booking process")
class CrashSafetyTest {
  private static final long[] KILL_AFTER_MS = {150, 600, 1300};

  @TempDir
  Path dir;

  @Test
  @DisplayName("on SQLite, every acknowledged booking survives each kill exactly once")
  void sqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("crash.db");
    crashRepeatedly(url, "-", () -> DriverManager.getConnection(url));
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }

  @Test
  @DisplayName("on PostgreSQL, every acknowledged booking survives each kill exactly once")
  void postgres() throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    String url = server.newSchemaUrl();
    crashRepeatedly(url, server.user(), () -> DriverManager.getConnection(url, server.user(), ""));
  }

  @Test
  @DisplayName("two JVMs on one PostgreSQL racing the same idempotency keys store each key once, even when killed")
  void postgresTwoProcesses() throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    String url = server.newSchemaUrl();
    Path acks = dir.resolve("acks-shared.txt");
    Files.createFile(acks);
    // the same run tag: both processes book the same keys, and reverse each other's entries
    Process first = spawn(url, server.user(), acks, "shared");
    Process second = spawn(url, server.user(), acks, "shared");
    try {
      awaitReady(first);
      awaitReady(second);
      awaitAcks(acks, 60);
      Thread.sleep(400);
    } finally {
      first.destroyForcibly();
      second.destroyForcibly();
      first.waitFor(10, TimeUnit.SECONDS);
      second.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> acknowledged = readAcks(acks);
    System.out.printf("two processes: %d acknowledgements of %d distinct entries%n", acknowledged.size(),
        new java.util.HashSet<>(acknowledged).size());
    // a replay acknowledges the entry the other process stored, so an id may be acknowledged twice
    verify(url, server.user(), () -> DriverManager.getConnection(url, server.user(), ""),
        List.copyOf(new java.util.LinkedHashSet<>(acknowledged)));
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(60);
  }

  private void crashRepeatedly(String url, String user, Raw raw) throws Exception {
    Path acks = dir.resolve("acks-" + Integer.toHexString(url.hashCode()) + ".txt");
    Files.createFile(acks);
    int previous = 0;
    for (int run = 0; run < KILL_AFTER_MS.length; run++) {
      Process child = spawn(url, user, acks, "r" + run);
      try {
        awaitReady(child);
        awaitAcks(acks, previous + 20);
        Thread.sleep(KILL_AFTER_MS[run]);
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor(10, TimeUnit.SECONDS);
      }
      List<String> acknowledged = readAcks(acks);
      assertThat(acknowledged.size()).as("acknowledged bookings after run %d", run).isGreaterThan(previous);
      System.out.printf("run %d on %s: killed after %d ms, %d acknowledged bookings so far%n", run,
          url.substring(0, 12), KILL_AFTER_MS[run], acknowledged.size());
      previous = acknowledged.size();
      verify(url, user, raw, acknowledged);
    }
  }

  private static void verify(String url, String user, Raw raw, List<String> acknowledged) throws SQLException {
    JdbcLedgerBuilder builder = JdbcLedger.builder().url(url);
    if (!"-".equals(user)) {
      builder.user(user);
    }
    try (JdbcLedger reopened = builder.build(); Connection c = raw.open()) {
      Set<String> stored = new HashSet<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM ledger_entry")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      assertThat(acknowledged).doesNotHaveDuplicates();
      assertThat(stored).containsAll(acknowledged);
      for (String id : acknowledged.subList(Math.max(0, acknowledged.size() - 50), acknowledged.size())) {
        assertThat(reopened.find(ch.uncloud.api.credit.EntryId.of(id))).as("entry %s", id).isPresent();
      }
      assertNoDuplicates(c);
      assertBalancesAreSums(c);
      LedgerVerification report = LedgerVerifier.verify(c);
      assertThat(report.findings()).as("uncloud verify after the kill:%n%s", report.describe()).isEmpty();
      assertThat(report.entries()).isEqualTo(stored.size());
    }
  }

  private static void assertNoDuplicates(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet keys = st.executeQuery("SELECT service, idempotency_key FROM ledger_entry "
            + "WHERE idempotency_key IS NOT NULL GROUP BY service, idempotency_key HAVING COUNT(*) > 1")) {
      assertThat(keys.next()).as("an idempotency key booked twice").isFalse();
    }
    try (Statement st = c.createStatement();
        ResultSet reversals = st.executeQuery("SELECT reverses FROM ledger_entry WHERE reverses IS NOT NULL "
            + "GROUP BY reverses HAVING COUNT(*) > 1")) {
      assertThat(reversals.next()).as("an entry reversed twice").isFalse();
    }
  }

  private static void assertBalancesAreSums(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT b.account, b.currency, b.balance_minor, "
            + "(SELECT COALESCE(SUM(e.amount_minor), 0) FROM ledger_entry e "
            + "WHERE e.account = b.account AND e.currency = b.currency) FROM account_balance b")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getLong(3)).as("balance of %s", rs.getString(1)).isEqualTo(rs.getLong(4));
      }
      assertThat(rows).isPositive();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT account, amount_minor, balance_after_minor "
        + "FROM ledger_entry ORDER BY account, seq"); ResultSet rs = ps.executeQuery()) {
      String account = null;
      long running = 0;
      while (rs.next()) {
        if (!rs.getString(1).equals(account)) {
          account = rs.getString(1);
          running = 0;
        }
        running += rs.getLong(2);
        assertThat(rs.getLong(3)).as("balance after an entry of %s", account).isEqualTo(running);
      }
    }
  }

  private static Process spawn(String url, String user, Path acks, String run) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx128m", "-cp", classpath, CrashLoad.class.getName(), url, user,
        acks.toString(), run, "8")
        .redirectErrorStream(true)
        .start();
  }

  private static void awaitReady(Process child) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("READY")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty so the child never blocks on output
            }
          } catch (IOException ignored) {
            // the child was killed
          }
        });
        drain.setDaemon(true);
        drain.start();
        return;
      }
      seen.add(line);
    }
    throw new AssertionError("child exited before it was ready: " + String.join("\n", seen));
  }

  private static void awaitAcks(Path acks, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (readAcks(acks).size() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the child acknowledged fewer than " + atLeast + " bookings in 30 s");
      }
      Thread.sleep(20);
    }
  }

  /** @return the acknowledged ids; a last line cut off by the kill is not an acknowledgement */
  private static List<String> readAcks(Path acks) throws IOException {
    String text = Files.readString(acks, StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    return List.of(text.substring(0, end).split("\n"));
  }

  @FunctionalInterface
  private interface Raw {
    Connection open() throws SQLException;
  }
}
