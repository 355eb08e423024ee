package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's "several gateways, one PostgreSQL": three {@code uncloud serve --config} processes on
 * one PostgreSQL and one LDAP directory, booked by many clients round-robin, with a fifth of the
 * requests sent again under the same key to another gateway: after an answer, after giving up on
 * the first gateway (a timeout of a few milliseconds, so the first try may or may not have booked),
 * and at the same moment as the first.
 */
@DisplayName("several gateways on one PostgreSQL")
class SeveralGatewaysIT {
  private static final int GATEWAYS = 3;
  private static final int CLIENTS = 12;
  private static final int OPERATIONS = 3_000;
  private static final int USERS = 16;
  private static final int MAX_ATTEMPTS = 20;
  private static final Pattern AMOUNT_AVAILABLE = Pattern.compile("\"amount_available\":\"([^\"]+)\"");

  @TempDir
  Path work;

  private final List<LaunchedUncloud> gateways = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopGateways() {
    gateways.forEach(g -> g.process().destroyForcibly());
  }

  @Test
  @DisplayName("book every key exactly once when clients retry against another gateway; totals are exact "
      + "and the lock flags agree with the balances after reconciliation")
  void retriesAcrossGatewaysBookOnce() throws Exception {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.shared();
    String url = postgres.newSchemaUrl();
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      List<String> users = LabStudents.add(ldap, USERS);
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.removeIf(k -> k.startsWith("uncloud.jdbc.url="));
      keys.addAll(List.of("uncloud.jdbc.url=" + url, "uncloud.jdbc.user=" + postgres.user(),
          "uncloud.jdbc.password=env:TEST_PG_PASSWORD"));
      Files.write(config, keys);
      Map<String, String> env = Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword(), "TEST_PG_PASSWORD", "unused-with-trust");
      for (int i = 0; i < GATEWAYS; i++) {
        gateways.add(LaunchedUncloud.start(work, env, "serve", "--config", config.toString()));
      }
      assertThat(gateways.stream().map(LaunchedUncloud::url).distinct()).as("each on its own port").hasSize(GATEWAYS);

      Map<String, LabBooking> acknowledged = new ConcurrentHashMap<>();
      Map<String, String> chargeIds = new ConcurrentHashMap<>();
      List<String> problems = new CopyOnWriteArrayList<>();
      Map<String, AtomicInteger> modes = new ConcurrentHashMap<>();
      AtomicInteger next = new AtomicInteger();
      long started = System.nanoTime();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, r -> {
        Thread t = new Thread(r, "gateway-client");
        t.setDaemon(true);
        return t;
      });
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Random random = new Random(c);
        running.add(clients.submit(() -> {
          for (int op = next.getAndIncrement(); op < OPERATIONS; op = next.getAndIncrement()) {
            LabBooking booking = new LabBooking("op-" + op, random.nextInt(10) < 4, users.get(random.nextInt(USERS)),
                1 + random.nextInt(400));
            String mode = book(booking, op % GATEWAYS, random, chargeIds, problems);
            modes.computeIfAbsent(mode, m -> new AtomicInteger()).incrementAndGet();
            acknowledged.put(booking.key(), booking);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(10, TimeUnit.MINUTES);
      }
      clients.shutdown();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      Map<String, Long> expected = new HashMap<>();
      acknowledged.values().forEach(b -> expected.merge(b.user(), b.signedCents(), Long::sum));
      Map<String, Integer> perKey;
      Map<String, Long> amounts;
      Map<String, Long> balances;
      try (Connection c = DriverManager.getConnection(url, postgres.user(), "")) {
        perKey = LedgerChecks.entriesPerKey(c);
        amounts = LedgerChecks.amountPerKey(c);
        balances = LedgerChecks.balances(c);
        LedgerChecks.assertLedgerConsistent(c);
      }
      LedgerChecks.assertVerifyCommandClean(work, env, config);
      Map<String, String> shouldBe = new HashMap<>();
      users.forEach(u -> shouldBe.put(u, balances.getOrDefault(u, 0L) < 0 ? "TRUE" : "FALSE"));
      Map<String, String> flagsBefore = lockFlags(ldap, users);
      // two flags drift while the gateways run (an operator, another tool): reconciliation repairs them too
      for (String u : users.subList(0, 2)) {
        setLockFlag(ldap, u, "TRUE".equals(flagsBefore.get(u)) ? "FALSE" : "TRUE");
      }
      long disagreeing = lockFlags(ldap, users).entrySet().stream()
          .filter(e -> !e.getValue().equals(shouldBe.get(e.getKey()))).count();
      LaunchedUncloud.Finished reconciled = LaunchedUncloud.run(work, env, "reconcile-locks", "--config", config.toString());
      Map<String, String> flagsAfter = lockFlags(ldap, users);
      long disagreedBefore = users.stream().filter(u -> !shouldBe.get(u).equals(flagsBefore.get(u))).count();
      List<String> seenByGateways = new ArrayList<>();
      for (LaunchedUncloud g : gateways) {
        for (String u : users) {
          seenByGateways.add(amountAvailable(g, u));
        }
      }
      String summary = "SeveralGatewaysIT: " + acknowledged.size() + " acknowledged bookings through " + GATEWAYS
          + " gateways in " + took.toMillis() + " ms, modes " + modes + "; entries " + perKey.values().stream()
          .mapToInt(Integer::intValue).sum() + ", keys booked twice " + perKey.values().stream().filter(n -> n > 1).count()
          + "; lock flags disagreeing before reconciliation " + disagreedBefore + "\n";
      System.out.print(summary);
      Files.writeString(Path.of("target", "several-gateways.txt"), summary + reconciled.out());
      for (LaunchedUncloud g : gateways) {
        g.stopCleanly();
      }
      gateways.clear();

      assertThat(problems).as("answers that disagreed").isEmpty();
      assertThat(acknowledged).hasSize(OPERATIONS);
      assertThat(modes.keySet()).as("every kind of retry happened")
          .containsExactlyInAnyOrder("once", "again", "abandoned", "together");
      assertThat(perKey).as("each key booked exactly once").hasSize(OPERATIONS).allSatisfy((k, n) -> assertThat(n).isOne());
      acknowledged.forEach((k, b) -> assertThat(amounts.get(k)).as(k).isEqualTo(b.signedCents()));
      assertThat(balances).as("every balance is the exact sum of what was acknowledged").isEqualTo(expected);
      assertThat(reconciled.status()).as(reconciled.out() + reconciled.err()).isZero();
      assertThat(reconciled.out()).as("every disagreeing flag corrected, the two drifted ones among them")
          .contains("corrected " + disagreeing);
      assertThat(flagsAfter).as("lock flags after reconciliation").isEqualTo(shouldBe);
      List<String> shouldSee = new ArrayList<>();
      for (int i = 0; i < GATEWAYS; i++) {
        users.forEach(u -> shouldSee.add(cents(balances.getOrDefault(u, 0L))));
      }
      assertThat(seenByGateways).as("every gateway answers every balance").isEqualTo(shouldSee);
    }
  }

  /**
   * Books one request until a gateway acknowledges it, retrying (same key) against the next gateway
   * whenever an answer is lost or the gateway is unavailable.
   *
   * @return which way it was sent: {@code once}, {@code again} (answered, then sent to another
   *     gateway), {@code abandoned} (the first try given up after a few ms), {@code together} (to two
   *     gateways at the same moment)
   */
  private String book(LabBooking booking, int first, Random random, Map<String, String> chargeIds,
      List<String> problems) throws Exception {
    int kind = random.nextInt(100);
    String mode = kind < 80 ? "once" : kind < 88 ? "again" : kind < 94 ? "abandoned" : "together";
    String gateway = gateways.get(first).url();
    String other = gateways.get((first + 1) % GATEWAYS).url();
    LabBooking.Answer answer;
    switch (mode) {
      case "again" -> {
        String id = untilBooked(booking, first).chargeId();
        LabBooking.Answer again = booking.send(http, other, Duration.ofSeconds(30));
        if (again.status() != 200 || !again.replayed() || !again.chargeId().equals(id)) {
          problems.add(booking.key() + " sent again to another gateway: " + again);
        }
        answer = again;
      }
      case "abandoned" -> {
        try {
          booking.send(http, gateway, Duration.ofMillis(1 + random.nextInt(15)));
        } catch (IOException givenUp) {
          // the client stops waiting; the gateway may or may not book it
        }
        answer = untilBooked(booking, (first + 1) % GATEWAYS);
      }
      case "together" -> {
        CompletableFuture<LabBooking.Answer> a = booking.sendAsync(http, gateway, Duration.ofSeconds(30));
        CompletableFuture<LabBooking.Answer> b = booking.sendAsync(http, other, Duration.ofSeconds(30));
        LabBooking.Answer one = a.get();
        LabBooking.Answer two = b.get();
        if (one.status() != 200 || two.status() != 200 || !one.chargeId().equals(two.chargeId())
            || one.replayed() == two.replayed()) {
          problems.add(booking.key() + " sent to two gateways at once: " + one + " / " + two);
        }
        answer = one;
      }
      default -> answer = untilBooked(booking, first);
    }
    String previous = chargeIds.putIfAbsent(booking.key(), answer.chargeId());
    if (previous != null) {
      problems.add(booking.key() + " acknowledged twice by one client");
    }
    return mode;
  }

  private LabBooking.Answer untilBooked(LabBooking booking, int first) throws Exception {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String gateway = gateways.get((first + attempt) % GATEWAYS).url();
      try {
        LabBooking.Answer answer = booking.send(http, gateway, Duration.ofSeconds(30));
        if (answer.status() == 200) {
          return answer;
        }
        failures.add(answer.status() + " " + answer.body());
        if (answer.status() != 503) {
          break; // only unavailability is worth a retry; anything else is a wrong answer
        }
      } catch (IOException e) {
        failures.add(e.toString());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(booking.key() + " was never acknowledged: " + failures);
  }

  /** @return the gateway's {@code GET /balance} for the user: what is available, e.g. {@code -4.20} */
  private String amountAvailable(LaunchedUncloud gateway, String user) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/balance?username="
        + user + "&get_amount_available=1")).header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString("labadmin:a real admin secret".getBytes(StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = AMOUNT_AVAILABLE.matcher(answer.body());
    return m.find() ? m.group(1) : answer.statusCode() + " " + answer.body();
  }

  private static String cents(long cents) {
    return new BigDecimal(cents).movePointLeft(2).toPlainString();
  }

  private static Map<String, String> lockFlags(EmbeddedLdapServer ldap, List<String> users) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (String u : users) {
      flags.put(u, ldap.entry("uid=" + u + ",ou=people," + ldap.baseDn()).orElseThrow().getAttributeValue("vppLock"));
    }
    return flags;
  }

  private static void setLockFlag(EmbeddedLdapServer ldap, String user, String value) throws Exception {
    try (LDAPConnection connection = ldap.openServiceConnection()) {
      connection.modify("uid=" + user + ",ou=people," + ldap.baseDn(),
          new Modification(ModificationType.REPLACE, "vppLock", value));
    }
  }
}
