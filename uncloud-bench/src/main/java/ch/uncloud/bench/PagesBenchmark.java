package ch.uncloud.bench;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pages [--entries N] [--rounds N]}: a person's statement page in the web pages, for a person with
 * many entries (10,000 by default: one deposit and the rest charges, booked in batches) on an SQLite ledger
 * in a temporary directory, through a gateway in this process and a logged-in session: the time to render
 * page 1, a page in the middle (reached by following the "next page" links), and the CSV download of all
 * entries, whose rows it counts. Prints a table: page, bytes, rows, p50 and max in ms over the rounds.
 */
final class PagesBenchmark {
  private static final String ADMIN = "bench";
  private static final String ADMIN_PASSWORD = "bench-admin-password";
  private static final String PERSON = "heavyuser";
  private static final String PERSON_PASSWORD = "heavy-password";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern NEXT = Pattern.compile("id=\"next-page\" rel=\"next\" href=\"([^\"]+)\"");
  private static final Pattern ROW = Pattern.compile("<tr><td>");
  /** Entries on one statement page (PersonPages.STATEMENT_PAGE). */
  private static final int PAGE = 50;

  private PagesBenchmark() {}

  /** One measured page: its size, the entries it shows, and the times of the rounds in ms. */
  record Row(String page, long bytes, int rows, double p50Ms, double maxMs) {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    int entries;
    int rounds;
    try {
      NumberOptions options = NumberOptions.parse(args, Set.of("--entries", "--rounds"));
      entries = Math.max(2, options.get("--entries", 10_000, 1_000_000));
      rounds = options.get("--rounds", 20, 10_000);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: pages [--entries N] [--rounds N]");
      return 2;
    }
    try {
      List<Row> rows = measure(entries, rounds, err);
      out.printf(Locale.ROOT, "%nuncloud pages benchmark: the statement of one person with %,d entries (SQLite ledger), "
          + "%d rounds each, %d cores%n", entries, rounds, Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "%-22s %12s %8s %9s %9s%n", "page", "bytes", "rows", "p50 ms", "max ms");
      for (Row r : rows) {
        out.printf(Locale.ROOT, "%-22s %,12d %8d %9.1f %9.1f%n", r.page(), r.bytes(), r.rows(), r.p50Ms(), r.maxMs());
      }
      return 0;
    } catch (Exception e) {
      err.println();
      err.println("benchmark failed: " + e);
      return 1;
    }
  }

  /**
   * @param entries how many entries the person has
   * @param rounds how often each page is fetched
   * @param err where progress goes
   * @return page 1, the middle page and the CSV download
   */
  static List<Row> measure(int entries, int rounds, PrintStream err) throws Exception {
    Path dir = Files.createTempDirectory("uncloud-pages-bench");
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
    directory.addUser(PERSON, PERSON_PASSWORD, Map.of());
    try (Uncloud uncloud = UncloudCore.builder()
        .ledger(JdbcLedger.sqlite(dir.resolve("ledger.db")))
        .directory(directory)
        .clock(Clock.systemUTC())
        .currency(Currency.getInstance("CHF"))
        .admin(ADMIN, Secret.of(ADMIN_PASSWORD))
        .service(ServiceDefinition.builder("3dprint").owners(ADMIN).maxCharge("500.00").build())
        .service(ServiceDefinition.builder("lasercutter").owners(ADMIN).maxCharge("500.00").build())
        .service(ServiceDefinition.builder(DepositRequest.CASHIER.toString()).owners(ADMIN).maxCharge("100000.00")
            .build())
        .build()) {
      book(uncloud.credit(), entries, err);
      Gateway gateway = Gateway.start(uncloud, GatewaySettings.defaults().withPort(0));
      try {
        return pages(gateway.uri(), entries, rounds, err);
      } finally {
        gateway.close();
      }
    } finally {
      BenchFiles.deleteDirectory(dir);
    }
  }

  private static void book(CreditService credit, int entries, PrintStream err) {
    AdminSession session = credit.authenticate(ADMIN, Secret.of(ADMIN_PASSWORD));
    credit.deposit(session, DepositRequest.of(PERSON, "1000.00", "CHF", "bench: starting credit"));
    List<ChargeRequest> batch = new ArrayList<>();
    for (int i = 1; i < entries; i++) {
      batch.add(ChargeRequest.of(i % 3 == 0 ? "lasercutter" : "3dprint", PERSON, "0.05", "CHF", "job " + i));
      if (batch.size() == CreditService.MAX_BATCH || i == entries - 1) {
        credit.chargeAll(session, batch);
        batch.clear();
        err.printf(Locale.ROOT, "\rbooked %,d of %,d entries", i + 1, entries);
      }
    }
    err.println();
  }

  private static List<Row> pages(URI base, int entries, int rounds, PrintStream err) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // log in as a browser does: the login form's cookie and token, then the session cookie
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(base.resolve("/app/login")).build(),
        HttpResponse.BodyHandlers.ofString());
    String loginCookie = cookie(form);
    String token = match(CSRF, form.body(), "the login form's token");
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/app/login"))
        .header("Cookie", loginCookie).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&username=" + PERSON + "&password=" + PERSON_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 303) {
      throw new IllegalStateException("the login answered " + login.statusCode());
    }
    String session = cookie(login);
    List<Row> rows = new ArrayList<>();
    rows.add(time("statement page 1", base.resolve("/app/statement"), session, rounds, http, false));
    // the middle page: follow the "next page" links as a person would
    URI current = base.resolve("/app/statement");
    String page = get(http, current, session).body();
    int pages = 1;
    int middle = (entries + PAGE - 1) / PAGE / 2 + 1;
    while (pages < middle) {
      current = base.resolve(match(NEXT, page, "a next page link on page " + pages).replace("&amp;", "&"));
      page = get(http, current, session).body();
      pages++;
    }
    rows.add(time("statement page " + middle, current, session, rounds, http, false));
    Row csv = time("statement CSV (all)", base.resolve("/app/statement.csv"), session, Math.max(1, rounds / 4), http,
        true);
    if (csv.rows() != entries) {
      throw new IllegalStateException("the CSV holds " + csv.rows() + " entries, not " + entries);
    }
    rows.add(csv);
    return rows;
  }

  private static Row time(String name, URI uri, String session, int rounds, HttpClient http, boolean csv)
      throws Exception {
    double[] ms = new double[rounds];
    HttpResponse<String> last = null;
    get(http, uri, session); // warm-up
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      last = get(http, uri, session);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    String body = last.body();
    int count = csv ? (int) body.lines().count() - 1 : countRows(body);
    return new Row(name, body.getBytes(StandardCharsets.UTF_8).length, count, ms[rounds / 2], ms[rounds - 1]);
  }

  private static int countRows(String html) {
    Matcher m = ROW.matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String session) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Cookie", session).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
    }
    return response;
  }

  private static String cookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
        .reduce((a, b) -> a + "; " + b).orElseThrow(() -> new IllegalStateException("no cookie set"));
  }

  private static String match(Pattern pattern, String text, String what) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("the page has no " + what);
    }
    return m.group(1);
  }
}
