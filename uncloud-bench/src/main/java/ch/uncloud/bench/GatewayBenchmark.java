package ch.uncloud.bench;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code gateway [--connections N] [--seconds N] [--warmup N] [--users N]}: drives {@code POST /charge}
 * over HTTP/1.1 keep-alive (one {@link KeepAliveConnection} per calling thread, {@code TCP_NODELAY}:
 * Java's own client writes a request's head and body apart, and Nagle's algorithm with the
 * server's delayed ACK then stalls each request about 40 ms; Jetty's client spent more CPU per
 * request than the gateway) against a
 * gateway started in this process on an SQLite ledger in a temporary directory, then measures the
 * same charges through the credit service in process on the same ledger, and prints both rows and
 * their ratio.
 */
final class GatewayBenchmark {
  private static final String ADMIN = "bench";
  private static final String PASSWORD = "bench-admin-password";

  private GatewayBenchmark() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    int connections;
    Duration seconds;
    Duration warmup;
    int userCount;
    try {
      NumberOptions options = NumberOptions.parse(args, Set.of("--connections", "--seconds", "--warmup", "--users"));
      connections = options.get("--connections", 16, 1024);
      seconds = Duration.ofSeconds(options.get("--seconds", 5, 86_400));
      // the HTTP path (Jetty, form parsing, the access log) takes C2 about 20 s of warm-up on 2 busy
      // cores; measured earlier, the row mostly measures the compiler
      warmup = Duration.ofSeconds(options.get("--warmup", 20, 86_400));
      userCount = options.get("--users", 10_000, 1_000_000);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: gateway [--connections N] [--seconds N] [--warmup N] [--users N]");
      return 2;
    }
    try {
      measure(connections, seconds, warmup, userCount, out, err);
      return 0;
    } catch (Exception e) {
      err.println();
      err.println("benchmark failed: " + e);
      return 1;
    }
  }

  private static void measure(int connections, Duration seconds, Duration warmup, int userCount, PrintStream out,
      PrintStream err) throws Exception {
    Path dir = Files.createTempDirectory("uncloud-gateway-bench");
    List<String> users = new ArrayList<>();
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
    for (int i = 0; i < userCount; i++) {
      users.add(String.format(Locale.ROOT, "user%05d", i));
      directory.addUser(users.get(i), "user-password", Map.of());
    }
    LoadRunner runner = new LoadRunner(err);
    try (Uncloud uncloud = UncloudCore.builder()
        .ledger(JdbcLedger.sqlite(dir.resolve("ledger.db")))
        .directory(directory)
        .clock(Clock.systemUTC())
        .currency(Currency.getInstance("CHF"))
        .admin(ADMIN, Secret.of(PASSWORD))
        .service(ServiceDefinition.builder("bench").owners(ADMIN).maxCharge("500.00").build())
        .build()) {
      Gateway gateway = Gateway.start(uncloud, GatewaySettings.defaults().withPort(0));
      try {
        URI charge = gateway.uri().resolve("/charge");
        KeepAliveConnection[] clients = new KeepAliveConnection[connections];
        BenchResult http;
        CpuPerCall httpCpu = new CpuPerCall();
        try {
          http = runner.run("sqlite", "gateway", connections, warmup, seconds, httpCpu.counting(caller -> {
            if (clients[caller] == null) {
              clients[caller] = new KeepAliveConnection(charge);
            }
            KeepAliveConnection.Answer answer = clients[caller].post("admin_username=" + ADMIN + "&admin_password="
                + PASSWORD + "&service_name=bench&username=" + users.get(ThreadLocalRandom.current().nextInt(userCount))
                + "&amount=1.25&currency=CHF&payment_comment=bench+charge");
            if (answer.status() != 200) {
              throw new IllegalStateException("/charge answered " + answer.status() + ": " + answer.body());
            }
          }), httpCpu::restart);
          httpCpu.stop();
        } finally {
          for (KeepAliveConnection client : clients) {
            if (client != null) {
              client.close();
            }
          }
        }
        CreditService credit = uncloud.credit();
        AdminSession session = credit.authenticate(ADMIN, Secret.of(PASSWORD));
        CpuPerCall inProcessCpu = new CpuPerCall();
        BenchResult inProcess = runner.run("sqlite", "in-proc", connections, warmup, seconds,
            inProcessCpu.counting(caller -> credit.chargeUser(session, new ChargeRequest(ServiceName.of("bench"),
                Username.of(users.get(ThreadLocalRandom.current().nextInt(userCount))), Money.of("1.25", "CHF"),
                "bench charge", null))), inProcessCpu::restart);
        inProcessCpu.stop();
        out.printf(Locale.ROOT, "%nuncloud gateway benchmark: POST /charge over HTTP/1.1 keep-alive, %d connections, "
            + "%d s after %d s warm-up, SQLite ledger in %s, %d cores%n", connections, seconds.toSeconds(),
            warmup.toSeconds(), dir, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-9s %7s %13s %9s %9s %9s %7s %12s %13s %13s%n", "mode", "callers", "charges/s",
            "p50 ms", "p99 ms", "p99.9 ms", "errors", "of in-proc", "cpu us/charge", "of it client");
        for (BenchResult r : List.of(http, inProcess)) {
          out.printf(Locale.ROOT, "%-9s %7d %,13.0f %9.3f %9.3f %9.3f %7d %12s %13.0f %13s%n", r.mode(), r.callers(),
              r.chargesPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.errors(), r == http
                  ? String.format(Locale.ROOT, "%.0f%%", 100 * http.chargesPerSecond() / inProcess.chargesPerSecond()) : "",
              r == http ? httpCpu.micros() : inProcessCpu.micros(),
              r == http ? String.format(Locale.ROOT, "%.0f", httpCpu.callerMicros()) : "");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "process CPU per charge (the gateway row's client shares this process): with %d cores "
            + "busy, the gateway row cannot pass %,.0f charges/s (%,.0f without its client), the in-process row %,.0f%n",
            cores, cores * 1e6 / httpCpu.micros(), cores * 1e6 / (httpCpu.micros() - httpCpu.callerMicros()),
            cores * 1e6 / inProcessCpu.micros());
      } finally {
        gateway.close();
      }
    } finally {
      BenchFiles.deleteDirectory(dir);
    }
  }
}
