package ch.uncloud.bench;

import ch.uncloud.jdbc.JdbcLedger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.sqlite.SQLiteConfig;

/**
 * What SQLite itself books on this machine when every commit holds a given number of entries: one
 * thread, no credit service, no queue, no reads (balances kept in a map), the ledger's own schema
 * and durability ({@code synchronous=FULL}, checkpoints on a background connection as
 * {@link JdbcLedger} does). With n callers a group commit holds at most n entries, so no ledger on
 * this SQLite file can book faster than this row; the uncloud row is read against it.
 */
final class SqliteCeiling {
  private static final String INSERT = "INSERT INTO ledger_entry (id, kind, service, account, currency, amount_minor, "
      + "comment, principal, booked_at_ns, idempotency_key, reverses, balance_after_minor) "
      + "VALUES (?, 'CHARGE', 'bench', ?, 'CHF', ?, 'bench charge', 'raplab', ?, NULL, NULL, ?)";
  private static final String WRITE_BALANCE = "INSERT INTO account_balance (account, currency, balance_minor) "
      + "VALUES (?, 'CHF', ?) ON CONFLICT (account, currency) DO UPDATE SET balance_minor = excluded.balance_minor";
  private static final long AMOUNT_MINOR = 125;

  private SqliteCeiling() {}

  /**
   * @param file a new database file (the ledger's schema is created in it)
   * @param entriesPerCommit how many entries each transaction books
   * @param accounts the accounts to charge at random, each primed with one entry
   * @param warmup unmeasured time first
   * @param measure measured time
   * @param progress where the progress line goes
   * @return the row, mode {@code ceiling}; latencies are those of whole transactions
   * @throws SQLException on a store failure
   * @throws InterruptedException if interrupted
   */
  static BenchResult measure(Path file, int entriesPerCommit, List<String> accounts, Duration warmup,
      Duration measure, PrintStream progress) throws SQLException, InterruptedException {
    JdbcLedger.sqlite(file).close();
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    AtomicBoolean stop = new AtomicBoolean();
    Thread checkpointer = new Thread(() -> checkpointUntil(url, stop), "ceiling-checkpointer");
    checkpointer.setDaemon(true);
    try (Connection c = open(url); Statement st = c.createStatement();
        PreparedStatement insert = c.prepareStatement(INSERT);
        PreparedStatement write = c.prepareStatement(WRITE_BALANCE)) {
      st.execute("PRAGMA wal_autocheckpoint=10000");
      Map<String, Long> balances = new HashMap<>();
      st.execute("BEGIN IMMEDIATE");
      for (String account : accounts) {
        book(insert, write, balances, account);
      }
      insert.executeBatch();
      write.executeBatch();
      st.execute("COMMIT");
      checkpointer.start();

      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      String label = String.format(Locale.ROOT, "%-8s %-7s %3d entries per commit", "sqlite", "ceiling",
          entriesPerCommit);
      long measureStart = 0;
      long measured = 0;
      long warmupEnd = System.nanoTime() + warmup.toNanos();
      long end = warmupEnd + measure.toNanos();
      long nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        st.execute("BEGIN IMMEDIATE");
        for (int i = 0; i < entriesPerCommit; i++) {
          book(insert, write, balances, accounts.get(random.nextInt(accounts.size())));
        }
        insert.executeBatch();
        write.executeBatch();
        st.execute("COMMIT");
        long done = System.nanoTime();
        if (now >= warmupEnd) {
          if (measureStart == 0) {
            measureStart = now;
          }
          histogram.recordValue(done - now);
          measured += entriesPerCommit;
        }
        if (done >= nextTick) {
          progress.print("\r  " + label + "  [" + (done < warmupEnd ? "warm-up" : "measure") + "]");
          progress.flush();
          nextTick = done + TimeUnit.SECONDS.toNanos(1);
        }
      }
      progress.print("\r" + " ".repeat(100) + "\r");
      progress.flush();
      double seconds = (System.nanoTime() - measureStart) / 1e9;
      return new BenchResult("sqlite", "ceiling", entriesPerCommit, measured / seconds,
          histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
          histogram.getValueAtPercentile(99.9) / 1e6, 0);
    } finally {
      stop.set(true);
      if (checkpointer.isAlive()) {
        checkpointer.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
  }

  private static void book(PreparedStatement insert, PreparedStatement write, Map<String, Long> balances,
      String account) throws SQLException {
    long after = balances.getOrDefault(account, 0L) - AMOUNT_MINOR;
    balances.put(account, after);
    insert.setString(1, "ceiling-" + System.nanoTime() + "-" + ThreadLocalRandom.current().nextLong());
    insert.setString(2, account);
    insert.setLong(3, -AMOUNT_MINOR);
    insert.setLong(4, System.currentTimeMillis() * 1_000_000L);
    insert.setLong(5, after);
    insert.addBatch();
    write.setString(1, account);
    write.setLong(2, after);
    write.addBatch();
  }

  private static void checkpointUntil(String url, AtomicBoolean stop) {
    try (Connection c = open(url); Statement st = c.createStatement()) {
      while (!stop.get()) {
        Thread.sleep(20);
        st.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
    } catch (SQLException e) {
      // the writer's own threshold takes over; the figure is then a little lower
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Connection open(String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setCacheSize(-32768);
    config.setBusyTimeout(10_000);
    return config.createConnection(url);
  }
}
