package ch.uncloud.bench;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeOutcome;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.jdbc.JdbcLedgerProvider;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ledger [--store memory|sqlite|postgres|all] [--callers 1,4,16,64] [--seconds N] [--warmup N]
 * [--users N] [--batch N,...] [--rounds N] [--events on|off] [--metrics on|off] [--config FILE] [--json FILE]}: measures {@code chargeUser} through the credit service
 * (an authenticated admin session, the in-memory directory with 10,000 users) on each store, and on the
 * durable stores the same charges written by a naive hand-made JDBC ledger (one transaction per
 * charge) and that transaction on the ledger's own tables ({@link SchemaBaseline}), then prints a
 * table with the ratios and optionally writes the rows as JSON. On the built-in
 * SQLite file it also measures the ceiling ({@link SqliteCeiling}): what SQLite itself books when
 * each commit holds as many entries as there are callers, the most any group commit can reach.
 * Each durable store also gets hold rows (reserve, then capture, per call) and with {@code --batch N}
 * rows of {@code chargeAll} with N charges per call (and the SQLite ceiling at N entries per commit).
 * Beside the figures it prints the store's durability settings and, per uncloud row, its commits per
 * second and charges per commit (each SQLite WAL commit with {@code synchronous=FULL} forces one write).
 *
 * <p>With {@code --rounds N} (default 1) each number of callers is measured N times over, the
 * modes interleaved and their order turned by one place each round, so that a store that drifts (a
 * disk whose forced writes slow down for a minute) weighs on every mode alike. Each row is then the
 * mode's round with the median charges per second, and a ratio is the median of the rounds' ratios,
 * each taken between runs measured seconds apart, with their range in brackets.
 *
 * <p>Without {@code --config}, SQLite runs on a temporary file and PostgreSQL on an embedded server
 * started from Maven-shipped binaries. With {@code --config}, the file's {@code uncloud.jdbc.url}
 * (and user/password) is used for its store: point it at a scratch database, the benchmark writes
 * charges into it.
 *
 * <p>With {@code --events on} the credit service has an event subscriber (a sink that is never
 * delivered to) and thresholds at 5.00 and 0.00, so each charge also writes its events to the ledger's
 * outbox in the same group commit: the outbox's cost on the charge path. Off (the default), nothing
 * subscribes and the outbox writes nothing.
 *
 * <p>With {@code --metrics on} the core and the ledger record into a Prometheus meter registry, as
 * {@code uncloud serve} does with {@code uncloud.gateway.metrics.enabled=true}: bookings, booking
 * latency, group-commit sizes and durations. Off (the default), no registry is given and nothing is
 * recorded or timed. Compare the two runs' ratios to the naive baseline, which records nothing.
 */
public final class LedgerBenchmark {
  private static final String ADMIN = "bench";
  private static final Secret ADMIN_PASSWORD = Secret.of("bench-admin-password");
  private static final Currency CHF = Currency.getInstance("CHF");
  private static final List<String> STORES = List.of("memory", "sqlite", "postgres");

  private final PrintStream out;
  private final PrintStream err;
  private final List<String> stores;
  private final List<Integer> callers;
  private final Duration measure;
  private final Duration warmup;
  private final Optional<ProviderConfig> config;
  private final Optional<Path> json;
  private final int userCount;
  private final List<Integer> batches;
  /** How often each number of callers is measured, modes interleaved. */
  private int rounds = 1;
  /** Per uncloud, schema and batch row, its rounds' ratios, sorted: {vs naive...} and {of ceiling...}; none with one round. */
  private final Map<BenchResult, double[][]> roundRatios = new java.util.IdentityHashMap<>();
  private final List<String> users = new ArrayList<>();
  /** Commits per second and charges per commit of the uncloud rows on a durable store. */
  private final Map<BenchResult, double[]> commitStats = new java.util.IdentityHashMap<>();
  private final Map<String, String> durability = new java.util.LinkedHashMap<>();
  private double fsyncMillis;
  private double wakeMicros;
  /** Whether the credit service has an event subscriber, so every charge also writes its events to the outbox. */
  private boolean events;
  /** Whether the core and the ledger record meters into a Prometheus registry. */
  private boolean metrics;

  private LedgerBenchmark(PrintStream out, PrintStream err, List<String> stores, List<Integer> callers,
      Duration measure, Duration warmup, Optional<ProviderConfig> config, Optional<Path> json, int userCount, List<Integer> batches) {
    this.userCount = userCount;
    this.batches = batches;
    this.out = out;
    this.err = err;
    this.stores = stores;
    this.callers = callers;
    this.measure = measure;
    this.warmup = warmup;
    this.config = config;
    this.json = json;
    for (int i = 0; i < userCount; i++) {
      users.add(String.format(Locale.ROOT, "user%05d", i));
    }
  }

  /**
   * Runs the benchmark and exits with its status.
   *
   * @param args see the class description
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.ch.uncloud.core.internal.LockPolicy", "warn");
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the benchmark.
   *
   * @param args see the class description
   * @param out where the table goes
   * @param err where progress and errors go
   * @return 0 on success, 2 for bad arguments, 1 if the benchmark failed
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("gateway")) {
      return GatewayBenchmark.run(args, out, err);
    }
    if (args.length > 0 && args[0].equals("pages")) {
      return PagesBenchmark.run(args, out, err);
    }
    if (args.length > 0 && args[0].equals("billing")) {
      return BillingBenchmark.run(args, out, err);
    }
    if (args.length > 0 && args[0].equals("ldap")) {
      try {
        LdapAuthBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        return 0;
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        err.println("benchmark failed: " + e);
        return 1;
      }
    }
    LedgerBenchmark bench;
    try {
      bench = parse(args, out, err);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: ledger [--store memory|sqlite|postgres|all] [--callers 1,4,16,64] [--seconds N] "
          + "[--warmup N] [--users N] [--batch N,...] [--rounds N] [--events on|off] [--metrics on|off] [--config FILE] [--json FILE]");
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

  private static LedgerBenchmark parse(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("ledger")) {
      throw new IllegalArgumentException("the first argument names the benchmark: ledger, gateway, billing or ldap");
    }
    List<String> stores = STORES;
    List<Integer> callers = List.of(1, 4, 16, 64);
    Duration seconds = Duration.ofSeconds(5);
    Duration warmup = Duration.ofSeconds(1);
    Optional<ProviderConfig> config = Optional.empty();
    Optional<Path> json = Optional.empty();
    int userCount = 10_000;
    List<Integer> batches = List.of();
    boolean eventsOn = false;
    boolean metricsOn = false;
    int roundsOption = 1;
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--store" -> {
          if (value.equals("all")) {
            stores = STORES;
          } else {
            stores = Stream.of(value.split(",")).map(String::trim).distinct().toList();
            if (stores.isEmpty() || !STORES.containsAll(stores)) {
              throw new IllegalArgumentException("--store must be memory, sqlite, postgres (or a list of them) "
                  + "or all, not " + value);
            }
          }
        }
        case "--callers" -> {
          try {
            callers = Stream.of(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--callers takes numbers like 1,4,16,64, not " + value);
          }
          if (callers.stream().anyMatch(c -> c < 1 || c > 1024)) {
            throw new IllegalArgumentException("--callers must be between 1 and 1024");
          }
        }
        case "--seconds" -> seconds = Duration.ofSeconds(positive(option, value));
        case "--warmup" -> warmup = Duration.ofSeconds(positive(option, value));
        case "--config" -> config = Optional.of(ProviderConfig.load(Path.of(value)));
        case "--json" -> json = Optional.of(Path.of(value));
        case "--batch" -> {
          try {
            batches = Stream.of(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--batch takes batch sizes like 100,1000, not " + value);
          }
          if (batches.stream().anyMatch(b -> b < 1 || b > CreditService.MAX_BATCH)) {
            throw new IllegalArgumentException("--batch sizes must be between 1 and " + CreditService.MAX_BATCH);
          }
        }
        case "--rounds" -> roundsOption = (int) Math.min(99, positive(option, value));
        case "--users" -> userCount = (int) Math.min(1_000_000, positive(option, value));
        case "--events" -> {
          if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--events takes on or off, not " + value);
          }
          eventsOn = value.equals("on");
        }
        case "--metrics" -> {
          if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--metrics takes on or off, not " + value);
          }
          metricsOn = value.equals("on");
        }
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    LedgerBenchmark bench = new LedgerBenchmark(out, err, stores, callers, seconds, warmup, config, json, userCount,
        batches);
    bench.events = eventsOn;
    bench.metrics = metricsOn;
    bench.rounds = roundsOption;
    return bench;
  }

  /** @return the option's value, a positive whole number */
  static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a positive whole number, not " + value);
    }
  }

  private void runAll() throws Exception {
    out.printf(Locale.ROOT, "uncloud ledger benchmark: chargeUser through the credit service, %d users, "
        + "%d s per run after %d s warm-up, %d round%s, %d cores, events %s, metrics %s%n", userCount,
        measure.toSeconds(), warmup.toSeconds(), rounds, rounds == 1 ? "" : "s interleaved", Runtime.getRuntime().availableProcessors(),
        events ? "on (each charge writes its events to the outbox)" : "off",
        metrics ? "on (the core and the ledger record into a Prometheus registry)" : "off");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    fsyncMillis = FsyncProbe.meanMillis(tmp, 30);
    out.printf(Locale.ROOT, "forced write (fsync) on %s takes %.2f ms; a durable store commits no faster%n", tmp,
        fsyncMillis);
    wakeMicros = WakeProbe.meanMicros(15);
    out.printf(Locale.ROOT, "waking a thread parked on a future takes the waker %.1f us; a commit of n callers' "
        + "charges pays n of them before the next%n", wakeMicros);
    List<BenchResult> results = new ArrayList<>();
    LoadRunner runner = new LoadRunner(err);
    int maxCallers = callers.stream().mapToInt(Integer::intValue).max().orElse(1);
    for (String store : stores) {
      Target target = target(store);
      if (store.equals("memory")) {
        // a fresh in-memory ledger per run: it keeps every entry on the heap, so the previous run's
        // millions of entries are collected first instead of during the next run
        for (int n : callers) {
          System.gc();
          try (Bench bench = new Bench(target.ledger())) {
            results.add(bench.measure(runner, store, n));
          }
        }
        continue;
      }
      // one durable ledger per store for all runs, primed so that the credit service's caches of
      // users and lock flags are warm, as in a lab that has been running: the figures are the ledger's
      try (Bench bench = new Bench(target.ledger()); NaiveLedger naive = target.naive(maxCallers, users);
          SchemaBaseline schema = target.schema(maxCallers, users)) {
        bench.prime(runner, store);
        durability.put(store, bench.durability());
        for (int n : callers) {
          results.addAll(interleaved(store, n, bench, naive, schema, target, runner));
        }
        // an import is one caller; concurrent batches only queue behind each other's commits
        for (int size : batches) {
          results.addAll(batchRows(store, size, bench, target, runner));
        }
      }
    }
    printTable(results);
    if (json.isPresent()) {
      String rows = results.stream().map(BenchResult::toJson).collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
      Files.writeString(json.get(), rows, StandardCharsets.UTF_8);
      out.println("wrote " + json.get());
    }
  }

  /**
   * Measures uncloud, holds, the naive baseline, the schema baseline (where the store makes one) and
   * (on the built-in SQLite file) the ceiling at
   * {@code n} callers, {@link #rounds} times, the modes' order turned by one each round.
   *
   * @return a row per mode: its round with the median charges per second
   */
  private List<BenchResult> interleaved(String store, int n, Bench bench, NaiveLedger naive, SchemaBaseline schema,
      Target target, LoadRunner runner) throws Exception {
    List<String> modes = new ArrayList<>(List.of("uncloud", "naive", "schema", "ceiling", "hold"));
    if (target.scratch() == null) {
      modes.remove("ceiling");
    }
    if (schema == null) {
      modes.remove("schema");
    }
    Map<String, List<BenchResult>> byMode = new java.util.LinkedHashMap<>();
    modes.forEach(mode -> byMode.put(mode, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < modes.size(); i++) {
        String mode = modes.get((i + round) % modes.size());
        byMode.get(mode).add(switch (mode) {
          case "uncloud" -> bench.measure(runner, store, n);
          case "hold" -> bench.measureHolds(runner, store, n);
          case "naive" -> runner.run(store, "naive", n, warmup, measure,
              caller -> naive.charge(caller, users.get(ThreadLocalRandom.current().nextInt(userCount)), 125));
          case "schema" -> runner.run(store, "schema", n, warmup, measure,
              caller -> schema.charge(caller, users.get(ThreadLocalRandom.current().nextInt(userCount)), 125));
          default -> {
            Path file = target.scratch().resolve("ceiling-" + n + "-" + round + ".db");
            deleteOnExit(file);
            BenchResult ceiling = SqliteCeiling.measure(file, n, users, warmup, measure, err);
            deleteNow(file);
            yield ceiling;
          }
        });
      }
    }
    List<BenchResult> rows = new ArrayList<>();
    byMode.values().forEach(runs -> rows.add(median(runs)));
    if (rounds > 1) {
      List<BenchResult> uncloudRuns = byMode.get("uncloud");
      roundRatios.put(rows.get(0), new double[][] {ratios(uncloudRuns, byMode.get("naive")),
          byMode.containsKey("ceiling") ? ratios(uncloudRuns, byMode.get("ceiling")) : new double[0]});
      if (byMode.containsKey("schema")) {
        roundRatios.put(rows.get(modes.indexOf("schema")), new double[][] {ratios(byMode.get("schema"),
            byMode.get("naive")), new double[0]});
      }
    }
    return rows;
  }

  /**
   * Measures {@code chargeAll} with {@code size} charges per call from one caller and, on the
   * built-in SQLite file, the ceiling at {@code size} entries per commit, {@link #rounds} times,
   * alternating which goes first.
   *
   * @return the median batch row, then the median ceiling row if measured
   */
  private List<BenchResult> batchRows(String store, int size, Bench bench, Target target, LoadRunner runner)
      throws Exception {
    List<BenchResult> batchRuns = new ArrayList<>();
    List<BenchResult> ceilingRuns = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int step = 0; step < 2; step++) {
        if ((step + round) % 2 == 0) {
          batchRuns.add(bench.measureBatch(runner, store, 1, size));
        } else if (target.scratch() != null) {
          Path file = target.scratch().resolve("ceiling-batch-" + size + "-" + round + ".db");
          deleteOnExit(file);
          BenchResult c = SqliteCeiling.measure(file, size, users, warmup, measure, err);
          deleteNow(file);
          ceilingRuns.add(new BenchResult(c.store(), "ceil" + size, 1, c.chargesPerSecond(), c.p50Ms(), c.p99Ms(),
              c.p999Ms(), c.errors()));
        }
      }
    }
    List<BenchResult> rows = new ArrayList<>(List.of(median(batchRuns)));
    if (!ceilingRuns.isEmpty()) {
      rows.add(median(ceilingRuns));
      if (rounds > 1) {
        roundRatios.put(rows.get(0), new double[][] {new double[0], ratios(batchRuns, ceilingRuns)});
      }
    }
    return rows;
  }

  private static BenchResult median(List<BenchResult> runs) {
    List<BenchResult> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(BenchResult::chargesPerSecond));
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** @return each round's ratio of {@code runs} to {@code baseline}, sorted */
  private static double[] ratios(List<BenchResult> runs, List<BenchResult> baseline) {
    double[] ratios = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      double base = baseline.get(i).chargesPerSecond();
      ratios[i] = base > 0 ? runs.get(i).chargesPerSecond() / base : 0;
    }
    java.util.Arrays.sort(ratios);
    return ratios;
  }

  /** @return the median of sorted {@code ratios}, then their range in brackets, each as {@code format} */
  private static String withRange(double[] ratios, double scale, String format) {
    double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
        : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    return String.format(Locale.ROOT, format, median * scale) + " (" + bare(format, ratios[0] * scale) + "-"
        + bare(format, ratios[ratios.length - 1] * scale) + ")";
  }

  private static String bare(String format, double value) {
    return String.format(Locale.ROOT, format, value).replaceAll("[x%]$", "");
  }

  private static void deleteNow(Path db) {
    for (String suffix : List.of("", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(Path.of(db + suffix));
      } catch (IOException e) {
        // left for deleteOnExit
      }
    }
  }

  /** The credit service over one ledger, with an admin session and a request per user. */
  private final class Bench implements AutoCloseable {
    private final Ledger ledger;
    private final Uncloud uncloud;
    private final CreditService credit;
    private final AdminSession session;
    private final ChargeRequest[] requests;

    Bench(Ledger ledger) {
      this.ledger = ledger;
      requests = new ChargeRequest[userCount];
      InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
      for (String user : users) {
        directory.addUser(user, "user-password", Map.of());
      }
      ch.uncloud.core.UncloudBuilder builder = UncloudCore.builder()
          .ledger(ledger)
          .directory(directory)
          .clock(Clock.systemUTC())
          .currency(CHF)
          .admin(ADMIN, ADMIN_PASSWORD)
          .service(ServiceDefinition.builder("bench").owners(ADMIN).maxCharge("500.00").build());
      if (events) {
        builder.eventSink(new ch.uncloud.api.events.EventSink() {
          @Override
          public String name() {
            return "bench";
          }

          @Override
          public boolean accepts(ch.uncloud.api.events.EventType type) {
            return true;
          }

          @Override
          public ch.uncloud.api.events.DeliveryResult deliver(ch.uncloud.api.events.Event event) {
            return ch.uncloud.api.events.DeliveryResult.delivered();
          }
        }).events(ch.uncloud.core.EventSettings.defaults().withThresholds(List.of(new java.math.BigDecimal("5.00"),
            java.math.BigDecimal.ZERO)));
      }
      if (metrics) {
        builder.meterRegistry(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
      }
      uncloud = builder.build();
      credit = uncloud.credit();
      session = credit.authenticate(ADMIN, ADMIN_PASSWORD);
      for (int i = 0; i < userCount; i++) {
        requests[i] = new ChargeRequest(ServiceName.of("bench"), Username.of(users.get(i)),
            Money.of("1.25", "CHF"), "bench charge", null);
      }
    }

    BenchResult measure(LoadRunner runner, String store, int n) throws InterruptedException {
      return counted(runner, store, "uncloud", n, 1,
          caller -> credit.chargeUser(session, requests[ThreadLocalRandom.current().nextInt(userCount)]));
    }

    /** Reserve, then capture the same amount: one hold's whole life per call. */
    BenchResult measureHolds(LoadRunner runner, String store, int n) throws InterruptedException {
      return counted(runner, store, "hold", n, 1, caller -> {
        ChargeRequest charge = requests[ThreadLocalRandom.current().nextInt(userCount)];
        Hold hold = credit.reserve(session, new HoldRequest(charge.service(), charge.user(), charge.amount(),
            Duration.ofMinutes(10), "bench hold", null));
        credit.capture(session, hold.id(), charge.amount(), null);
      });
    }

    /** {@code chargeAll} with {@code size} charges per call; the row counts charges, its latency is a call's. */
    BenchResult measureBatch(LoadRunner runner, String store, int n, int size) throws InterruptedException {
      BenchResult calls = counted(runner, store, "batch" + size, n, size, caller -> {
        List<ChargeRequest> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(requests[ThreadLocalRandom.current().nextInt(userCount)]);
        }
        for (ChargeOutcome outcome : credit.chargeAll(session, batch)) {
          if (!outcome.booked()) {
            throw outcome.refusal();
          }
        }
      });
      BenchResult charges = new BenchResult(calls.store(), calls.mode(), calls.callers(), calls.chargesPerSecond() * size,
          calls.p50Ms(), calls.p99Ms(), calls.p999Ms(), calls.errors());
      Optional.ofNullable(commitStats.remove(calls)).ifPresent(stats -> commitStats.put(charges, stats));
      return charges;
    }

    /** Runs the load and, on a JDBC ledger, notes its commits per second and charges per commit. */
    private BenchResult counted(LoadRunner runner, String store, String mode, int n, int chargesPerCall,
        LoadRunner.Charger charger) throws InterruptedException {
      LongAdder calls = new LongAdder();
      long commitsBefore = ledger instanceof JdbcLedger jdbc ? jdbc.commits() : 0;
      long start = System.nanoTime();
      BenchResult result = runner.run(store, mode, n, warmup, measure, caller -> {
        charger.charge(caller);
        calls.increment();
      });
      if (ledger instanceof JdbcLedger jdbc) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long commits = jdbc.commits() - commitsBefore;
        commitStats.put(result, new double[] {commits / seconds,
            commits == 0 ? 0 : (double) calls.sum() * chargesPerCall / commits});
      }
      return result;
    }

    /** @return the durability settings of the ledger's store, as one line */
    String durability() {
      return ledger instanceof JdbcLedger jdbc ? jdbc.durabilitySettings().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")) : "in memory";
    }

    /** Charges every user once through the credit service, unmeasured. */
    void prime(LoadRunner runner, String store) throws InterruptedException {
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      err.printf(Locale.ROOT, "  %s: priming the credit service with one charge for each of %,d users ...%n",
          store, userCount);
      runner.prime(16, userCount, caller -> credit.chargeUser(session, requests[next.getAndIncrement() % userCount]));
    }

    @Override
    public void close() {
      uncloud.close();
    }
  }

  private void printTable(List<BenchResult> results) {
    out.println();
    durability.forEach((store, settings) -> out.printf(Locale.ROOT, "%s durability: %s (naive and ceiling: the same "
        + "settings)%n", store, settings));
    out.printf(Locale.ROOT, "forced write %.2f ms: at most %.0f commits/s one after another; commits/s x fsync ms / 1000 "
        + "= share of the run spent in forced writes%n", fsyncMillis, 1000 / fsyncMillis);
    out.printf(Locale.ROOT, "wake-up %.1f us: commits/s x per commit x wake us / 1e6 = share of the writer's time spent "
        + "waking callers (the ceiling: none)%n", wakeMicros);
    if (rounds > 1) {
      out.printf(Locale.ROOT, "%d rounds, modes interleaved: each row is its mode's median round; a ratio is the median of "
          + "the rounds' ratios (their range in brackets)%n", rounds);
    }
    int ratioWidth = rounds > 1 ? 15 : 9;
    out.printf(Locale.ROOT, "%-9s %-8s %7s %13s %9s %9s %9s %7s %" + ratioWidth + "s %" + (ratioWidth + 2) + "s %10s %10s%n",
        "store", "mode", "callers",
        "charges/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "vs naive", "of ceiling", "commits/s", "per commit");
    results.sort(Comparator.comparing((BenchResult r) -> STORES.indexOf(r.store()))
        .thenComparing(r -> batchSize(r.mode()))
        .thenComparing(r -> r.mode().startsWith("ceil") && batchSize(r.mode()) > 0 ? 1 : 0)
        .thenComparing(BenchResult::callers).thenComparing(r -> List.of("uncloud", "naive", "schema", "ceiling", "hold").indexOf(r.mode())));
    for (BenchResult r : results) {
      String ratio = "";
      if (r.mode().equals("uncloud") || r.mode().equals("schema")) {
        ratio = results.stream()
            .filter(o -> o.mode().equals("naive") && o.store().equals(r.store()) && o.callers() == r.callers())
            .findFirst()
            .map(naive -> naive.chargesPerSecond() > 0
                ? String.format(Locale.ROOT, "%.1fx", r.chargesPerSecond() / naive.chargesPerSecond()) : "n/a")
            .orElse("");
      }
      int size = batchSize(r.mode());
      String ofCeiling = r.mode().equals("uncloud") || r.mode().startsWith("batch") ? results.stream()
          .filter(o -> o.store().equals(r.store()) && (size > 0 ? o.mode().equals("ceil" + size)
              : o.mode().equals("ceiling") && o.callers() == r.callers()))
          .findFirst()
          .map(c -> String.format(Locale.ROOT, "%.0f%%", 100 * r.chargesPerSecond() / c.chargesPerSecond()))
          .orElse("") : "";
      double[][] perRound = roundRatios.get(r);
      if (perRound != null) {
        ratio = perRound[0].length == 0 ? "" : withRange(perRound[0], 1, "%.1fx");
        ofCeiling = perRound[1].length == 0 ? "" : withRange(perRound[1], 100, "%.0f%%");
      }
      double[] stats = commitStats.get(r);
      out.printf(Locale.ROOT, "%-9s %-8s %7d %,13.0f %9.3f %9.3f %9.3f %7d %" + ratioWidth + "s %" + (ratioWidth + 2)
          + "s %10s %10s%n", r.store(), r.mode(),
          r.callers(), r.chargesPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.errors(), ratio, ofCeiling,
          stats == null ? "" : String.format(Locale.ROOT, "%,.0f", stats[0]),
          stats == null ? "" : String.format(Locale.ROOT, "%.1f", stats[1]));
    }
  }

  /** @return N for a {@code batchN} or {@code ceilN} row, else 0 */
  private static int batchSize(String mode) {
    String digits = mode.replaceFirst("^(batch|ceil)", "");
    return !digits.equals(mode) && digits.matches("[0-9]+") ? Integer.parseInt(digits) : 0;
  }

  private Target target(String store) throws IOException {
    Optional<ProviderConfig> configured = config.filter(c -> c.get(JdbcLedgerProvider.URL)
        .map(url -> url.startsWith(store.equals("sqlite") ? "jdbc:sqlite:" : "jdbc:postgresql:")).orElse(false));
    return switch (store) {
      case "memory" -> new Target(InMemoryLedger::create, null, null, null, null, null);
      case "sqlite" -> {
        if (configured.isPresent()) {
          yield configuredTarget(configured.get());
        }
        Path dir = Files.createTempDirectory("uncloud-bench");
        dir.toFile().deleteOnExit();
        int[] counter = {0};
        yield new Target(() -> {
          Path file = dir.resolve("ledger-" + (++counter[0]) + ".db");
          deleteOnExit(file);
          return JdbcLedger.sqlite(file);
        }, () -> {
          Path file = dir.resolve("naive-" + (++counter[0]) + ".db");
          deleteOnExit(file);
          return "jdbc:sqlite:" + file;
        }, () -> {
          Path file = dir.resolve("schema-" + (++counter[0]) + ".db");
          deleteOnExit(file);
          JdbcLedger.sqlite(file).close();
          return "jdbc:sqlite:" + file;
        }, null, null, dir);
      }
      case "postgres" -> {
        if (configured.isPresent()) {
          yield configuredTarget(configured.get());
        }
        err.println("starting an embedded PostgreSQL (set --config to use your own) ...");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        yield new Target(() -> JdbcLedger.builder().url(server.newSchemaUrl()).user(server.user()).poolSize(4).build(),
            server::newSchemaUrl, () -> {
              String url = server.newSchemaUrl();
              JdbcLedger.builder().url(url).user(server.user()).poolSize(1).build().close();
              return url;
            }, server.user(), null, null);
      }
      default -> throw new IllegalArgumentException(store);
    };
  }

  private static Target configuredTarget(ProviderConfig config) {
    String url = config.require(JdbcLedgerProvider.URL);
    String user = config.get(JdbcLedgerProvider.USER).orElse(null);
    String password = config.secret(JdbcLedgerProvider.PASSWORD).map(Secret::reveal).orElse(null);
    return new Target(() -> new JdbcLedgerProvider().create(config), () -> url, null, user, password, null);
  }

  private static void deleteOnExit(Path db) {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Path.of(db + suffix).toFile().deleteOnExit();
    }
  }

  /**
   * Where one store's ledgers and naive baselines come from; {@code schemaUrls} makes new databases
   * with the ledger's schema for {@link SchemaBaseline} (null for a configured store, whose database
   * holds a ledger already); {@code scratch} is the directory of the built-in SQLite files (where the
   * ceiling is measured too), else null.
   */
  private record Target(LedgerFactory ledgers, UrlFactory naiveUrls, UrlFactory schemaUrls, String user, String password,
      Path scratch) {
    Ledger ledger() {
      return ledgers.create();
    }

    NaiveLedger naive(int callers, List<String> accounts) throws java.sql.SQLException {
      return new NaiveLedger(naiveUrls.create(), user, password, callers, accounts);
    }

    SchemaBaseline schema(int callers, List<String> accounts) throws java.sql.SQLException {
      return schemaUrls == null ? null : new SchemaBaseline(schemaUrls.create(), user, password, callers, accounts);
    }
  }

  @FunctionalInterface
  private interface LedgerFactory {
    Ledger create() throws UncloudException;
  }

  @FunctionalInterface
  private interface UrlFactory {
    String create();
  }
}
