package ch.uncloud.bench;

import ch.uncloud.api.Secret;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.jdbc.JdbcShopStore;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code billing [--store sqlite|postgres|all] [--accounts N] [--threads N]}: a month's billing run
 * ({@code BillingService.run}) over N accounts (default 1,000) of the {@link BillingScenario} on the
 * durable ledger and shop store, then the same run again (which must change nothing), and prints a
 * table: store, accounts, bills, seconds for the run, bills/s, seconds for the second run, the ledger
 * charges the run booked and those the second run added (0).
 *
 * <p>SQLite runs on a temporary file, PostgreSQL on an embedded server started from Maven-shipped
 * binaries; ledger and shop store share the database. Placing the orders (on {@code --threads}
 * threads, default 8) is not measured.
 */
public final class BillingBenchmark {
  private static final List<String> STORES = List.of("sqlite", "postgres");

  private final PrintStream out;
  private final PrintStream err;
  private final List<String> stores;
  private final int accounts;
  private final int threads;

  /** One store's figures. */
  private record Row(String store, int accounts, int bills, double setupSeconds, double runSeconds,
      double rerunSeconds, int charges, int rerunCharges) {}

  private BillingBenchmark(PrintStream out, PrintStream err, List<String> stores, int accounts, int threads) {
    this.out = out;
    this.err = err;
    this.stores = stores;
    this.accounts = accounts;
    this.threads = threads;
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code billing} and the options of the class description
   * @param out where the table goes
   * @param err where progress and errors go
   * @return 0 on success, 2 for bad arguments, 1 if the benchmark failed
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    BillingBenchmark bench;
    try {
      bench = parse(args, out, err);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: billing [--store sqlite|postgres|all] [--accounts N] [--threads N]");
      return 2;
    }
    try {
      bench.runAll();
      return 0;
    } catch (Exception e) {
      err.println();
      err.println("benchmark failed: " + e);
      return 1;
    }
  }

  private static BillingBenchmark parse(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("billing")) {
      throw new IllegalArgumentException("the first argument names the benchmark: billing");
    }
    List<String> stores = STORES;
    int accounts = 1_000;
    int threads = 8;
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--store" -> {
          stores = value.equals("all") ? STORES : List.of(value.split(","));
          for (String s : stores) {
            if (!STORES.contains(s)) {
              throw new IllegalArgumentException("unknown store '" + s + "': use sqlite, postgres or all");
            }
          }
        }
        case "--accounts" -> accounts = (int) Math.min(100_000, positive(option, value));
        case "--threads" -> threads = (int) Math.min(256, positive(option, value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new BillingBenchmark(out, err, stores, accounts, threads);
  }

  private static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 1) {
        throw new IllegalArgumentException(option + " must be positive, not " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'");
    }
  }

  private void runAll() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String store : stores) {
      rows.add(measure(store));
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    out.printf(Locale.ROOT, "forced write (fsync) on %s takes %.2f ms; accounts are finalized 16 at a time, "
        + "so their ledger charges share group commits%n", tmp, FsyncProbe.meanMillis(tmp, 30));
    out.printf(Locale.ROOT, "%-9s %8s %6s %8s %8s %9s %8s %8s %12s%n", "store", "accounts", "bills", "setup s",
        "run s", "bills/s", "rerun s", "charges", "rerun adds");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "%-9s %8d %6d %8.2f %8.2f %9.1f %8.2f %8d %12d%n", r.store(), r.accounts(), r.bills(),
          r.setupSeconds(), r.runSeconds(), r.bills() / r.runSeconds(), r.rerunSeconds(), r.charges(), r.rerunCharges());
    }
  }

  private Row measure(String store) throws Exception {
    err.printf(Locale.ROOT, "%s: placing the orders of %,d accounts ...%n", store, accounts);
    long setupStart = System.nanoTime();
    try (BillingScenario scenario = BillingScenario.prepare(ledger(store), shopStore(store), accounts, threads)) {
      double setup = seconds(setupStart);
      Ledger ledger = scenario.uncloud().ledger();
      err.printf(Locale.ROOT, "%s: billing %s ...%n", store, BillingScenario.MONTH);
      long start = System.nanoTime();
      List<Bill> bills = scenario.run();
      double run = seconds(start);
      int charges = charges(scenario, ledger);
      start = System.nanoTime();
      List<Bill> again = scenario.run();
      double rerun = seconds(start);
      if (!again.equals(bills)) {
        throw new IllegalStateException("the second run returned other bills than the first");
      }
      return new Row(store, accounts, bills.size(), setup, run, rerun, charges, charges(scenario, ledger) - charges);
    } finally {
      cleanUp();
    }
  }

  private static int charges(BillingScenario scenario, Ledger ledger) {
    return ledger.entries(BillingScenario.shopService(), scenario.billingFrom(), scenario.billingTo()).size();
  }

  private Path file;
  private String postgresUrl;

  private Ledger ledger(String store) throws IOException {
    if (store.equals("sqlite")) {
      Path dir = Files.createTempDirectory("uncloud-billing-bench");
      file = dir.resolve("uncloud.db");
      return JdbcLedger.sqlite(file);
    }
    err.println("starting an embedded PostgreSQL ...");
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    postgresUrl = server.newSchemaUrl();
    return JdbcLedger.postgres(postgresUrl, server.user(), Secret.of("unused-with-trust"));
  }

  private ShopStore shopStore(String store) {
    return store.equals("sqlite") ? JdbcShopStore.sqlite(file)
        : JdbcShopStore.postgres(postgresUrl, EmbeddedPostgresServer.shared().user(), Secret.of("unused-with-trust"));
  }

  private void cleanUp() throws IOException {
    if (file != null) {
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      Files.deleteIfExists(file.getParent());
      file = null;
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
