package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.WebhookSignature;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's done-when test: 10,000 mixed bookings (charges, deposits, reversals) through a running
 * {@code uncloud serve} (its own JVM, started by the launcher) while a webhook receiver in this JVM
 * fails a third of the deliveries and the gateway is killed with SIGKILL twice, mid-booking and
 * mid-delivery. Afterwards the (change, event type) pairs the receiver accepted, deduplicated by
 * event id, are exactly those the committed entries imply (each entry booked; each downward crossing
 * of 5.00 and 0.00; each lock and unlock by the paid credit's sign), nothing else arrived, every
 * delivery carried a valid signature, the outbox has nothing left pending or parked, and
 * {@code uncloud verify} finds the ledger clean.
 */
@DisplayName("events reach a failing receiver exactly once each across two SIGKILLs")
class EventsAcrossCrashesIT {
  private static final int OPERATIONS = 10_000;
  private static final int USERS = 24;
  private static final int CLIENTS = 4;
  private static final String SECRET = "whsec_events_across_crashes";
  private static final String ADMIN = "admin_username=labadmin&admin_password=a+real+admin+secret";

  @TempDir
  Path work;

  private HttpServer receiver;
  /** Event id to the event, for every event the receiver answered 2xx. */
  private final Map<String, Event> accepted = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<String> badSignatures = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  @DisplayName("on SQLite")
  void onSqlite() throws Exception {
    bookThroughCrashes("jdbc:sqlite:" + work.resolve("events.db"), List.of());
  }

  @Test
  @DisplayName("on PostgreSQL")
  void onPostgres() throws Exception {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.shared();
    bookThroughCrashes(postgres.newSchemaUrl(), List.of("uncloud.jdbc.user=" + postgres.user(),
        "uncloud.jdbc.password=env:TEST_PG_PASSWORD"));
  }

  private void bookThroughCrashes(String jdbcUrl, List<String> jdbcKeys) throws Exception {
    URI hook = startReceiver();
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      List<String> users = LabStudents.add(ldap, USERS);
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.removeIf(k -> k.startsWith("uncloud.jdbc.url=") || k.startsWith("uncloud.service.3dprint.max-charge="));
      keys.add("uncloud.jdbc.url=" + jdbcUrl);
      keys.addAll(jdbcKeys);
      keys.addAll(List.of(
          "uncloud.service.3dprint.max-charge=1000.00",
          "uncloud.events.webhooks=receiver",
          "uncloud.events.webhook.receiver.url=" + hook,
          "uncloud.events.webhook.receiver.secret=env:TEST_WEBHOOK_SECRET",
          "uncloud.events.webhook.receiver.timeout=PT2S",
          "uncloud.events.thresholds=5.00,0.00",
          "uncloud.events.first-retry=PT0.02S",
          "uncloud.events.max-retry-interval=PT0.2S",
          "uncloud.events.poll-interval=PT0.05S",
          // a killed gateway's lease keeps the restarted one from delivering until it expires
          "uncloud.events.lease=PT5S"));
      Files.write(config, keys);
      Map<String, String> env = Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword(), "TEST_WEBHOOK_SECRET", SECRET,
          "TEST_PG_PASSWORD", "unused-with-trust");

      AtomicReference<LaunchedUncloud> gateway = new AtomicReference<>(
          LaunchedUncloud.start(work, env, "serve", "--config", config.toString()));
      assertThat(Files.readString(gateway.get().stderr())).contains("uncloud: events go to [receiver]");
      AtomicInteger done = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> book(client, users, gateway, done)));
      }
      for (int kill = 1; kill <= 2; kill++) {
        while (done.get() < kill * OPERATIONS / 3) {
          Thread.sleep(20);
        }
        LaunchedUncloud killed = gateway.get();
        killed.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
        assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        gateway.set(LaunchedUncloud.start(work, env, "serve", "--config", config.toString()));
      }
      for (Future<?> f : running) {
        f.get(10, TimeUnit.MINUTES);
      }
      clients.shutdown();

      Set<String> expected = impliedPairs(jdbcUrl, jdbcKeys.isEmpty() ? null : EmbeddedPostgresServer.shared().user());
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (receivedPairs().size() < expected.size() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(500); // anything unexpected still on its way arrives too
      String state = outboxState(jdbcUrl, jdbcKeys.isEmpty() ? null : EmbeddedPostgresServer.shared().user());
      Path log = Path.of("target", "events-across-crashes-" + (jdbcKeys.isEmpty() ? "sqlite" : "postgres") + ".log");
      Files.writeString(log, "expected " + expected.size() + ", received " + receivedPairs().size() + ", requests "
          + requests.get() + ", failed " + failed.get() + "\n" + state + "\n" + Files.readString(gateway.get().stderr()));
      gateway.get().stopCleanly();
      LaunchedUncloud.Finished verified = LaunchedUncloud.run(work, env, "verify", "--config", config.toString());
      assertThat(verified.out()).as("uncloud verify after the crashes; stderr: %s", verified.err()).contains(", clean");
      assertThat(verified.status()).isZero();

      assertThat(badSignatures).isEmpty();
      assertThat(failed.get()).as("the receiver failed about a third").isGreaterThan(requests.get() / 4);
      assertThat(expected).hasSizeGreaterThan(OPERATIONS * 8 / 10);
      Set<String> received = receivedPairs();
      assertThat(received).as("what arrived equals what the committed changes imply")
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(pendingDeliveries(jdbcUrl, jdbcKeys.isEmpty() ? null : EmbeddedPostgresServer.shared().user()))
          .as("nothing pending or parked").isZero();
    }
  }

  /** One client's share of the operations; a request the killed gateway never answered is not retried. */
  private void book(int client, List<String> users, AtomicReference<LaunchedUncloud> gateway, AtomicInteger done) {
    Random random = new Random(client);
    List<String> charges = new ArrayList<>();
    while (done.get() < OPERATIONS) {
      String user = users.get(random.nextInt(users.size()));
      int kind = random.nextInt(100);
      String body;
      String path;
      if (kind < 55) {
        path = "/charge";
        body = "service_name=3dprint&username=" + user + "&amount=" + amount(random, 400) + "&currency=CHF&payment_comment=job";
      } else if (kind < 85 || charges.isEmpty()) {
        path = "/deposit";
        body = "service_name=3dprint&username=" + user + "&amount=" + amount(random, 600) + "&currency=CHF&payment_comment=cash";
      } else {
        path = "/reverse";
        body = "charge_id=" + charges.remove(random.nextInt(charges.size())) + "&reason=refund";
      }
      done.incrementAndGet();
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.get().url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(ADMIN + "&" + body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && path.equals("/charge")) {
          int at = answer.body().indexOf("\"charge_id\":\"");
          charges.add(answer.body().substring(at + 13, answer.body().indexOf('"', at + 13)));
        }
      } catch (IOException e) {
        sleep(100); // the gateway is down: it was killed and is starting again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String amount(Random random, int maxCents) {
    int cents = 1 + random.nextInt(maxCents);
    return cents / 100 + "." + String.format("%02d", cents % 100);
  }

  private URI startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newFixedThreadPool(8));
    Random random = new Random(19);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      try {
        WebhookSignature.verify(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
            Secret.of(SECRET), Duration.ofMinutes(5), Instant.now());
      } catch (RuntimeException e) {
        badSignatures.add(e.getMessage());
        exchange.sendResponseHeaders(400, -1);
        exchange.close();
        return;
      }
      boolean fail;
      synchronized (random) {
        fail = random.nextInt(3) == 0;
      }
      if (fail) {
        failed.incrementAndGet();
        exchange.sendResponseHeaders(500, -1);
      } else {
        Event event = Event.fromJson(new String(body, StandardCharsets.UTF_8));
        accepted.put(event.id().value(), event);
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    receiver.start();
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  /** (entry, type) pairs the receiver accepted, e.g. {@code E1 balance.below_threshold 5.00}. */
  private Set<String> receivedPairs() {
    Set<String> pairs = new HashSet<>();
    for (Event e : accepted.values()) {
      pairs.add(e.data().get("entry") + " " + e.type().code()
          + (e.data().containsKey("threshold") ? " " + e.data().get("threshold") : ""));
    }
    return pairs;
  }

  /** What the committed entries imply, by the rules written out once more here, in each account's booking order. */
  private static Set<String> impliedPairs(String url, String user) throws SQLException {
    Set<String> pairs = new HashSet<>();
    try (Connection c = connect(url, user); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, account, amount_minor, balance_after_minor FROM ledger_entry "
            + "ORDER BY account, seq")) {
      while (rs.next()) {
        String id = rs.getString(1);
        long after = rs.getLong(4);
        long before = after - rs.getLong(3);
        pairs.add(id + " entry.booked");
        for (long threshold : new long[] {500, 0}) {
          if (before >= threshold && after < threshold) {
            pairs.add(id + " balance.below_threshold " + (threshold / 100) + ".00");
          }
        }
        if (before >= 0 && after < 0) {
          pairs.add(id + " account.locked");
        } else if (before < 0 && after >= 0) {
          pairs.add(id + " account.unlocked");
        }
      }
    }
    return Collections.unmodifiableSet(pairs);
  }

  private static String outboxState(String url, String user) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = connect(url, user); Statement st = c.createStatement()) {
      for (String q : List.of("SELECT COUNT(*), MAX(seq) FROM event_outbox", "SELECT COUNT(*), 0 FROM ledger_entry",
          "SELECT state, COUNT(*) FROM event_delivery GROUP BY state", "SELECT name, value FROM event_cursor")) {
        try (ResultSet rs = st.executeQuery(q)) {
          out.append(q).append(':');
          while (rs.next()) {
            out.append(' ').append(rs.getString(1)).append('/').append(rs.getString(2));
          }
          out.append('\n');
        }
      }
    }
    return out.toString();
  }

  private static int pendingDeliveries(String url, String user) throws SQLException {
    try (Connection c = connect(url, user); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM event_delivery")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(String url, String user) throws SQLException {
    return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
