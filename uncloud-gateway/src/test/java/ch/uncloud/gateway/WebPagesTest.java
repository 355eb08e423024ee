package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.testservers.TestCertificate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages over HTTP, without a browser (the browser runs them in uncloud-cli's WebPagesBrowserIT): the
 * session cookie's flags, CSRF tokens, session fixation, logout, isolation between people, languages and the
 * login rate limits they share with the API.
 */
@DisplayName("the web pages under /app/")
class WebPagesTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private GatewayHarness lab;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  /** A browser's cookie jar, reduced to what these tests need. */
  private final class Browser {
    final Map<String, String> cookies = new LinkedHashMap<>();
    final URI base;
    final HttpClient client;
    String language = "en";

    Browser(URI base, HttpClient client) {
      this.base = base;
      this.client = client;
    }

    HttpResponse<String> get(String path) throws Exception {
      return keep(client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String path, String... pairs) throws Exception {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < pairs.length; i += 2) {
        body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
      return keep(client.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(String path) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", language);
      if (!cookies.isEmpty()) {
        b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .toList()));
      }
      return b;
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
      for (String header : response.headers().allValues("Set-Cookie")) {
        String pair = header.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (header.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return response;
    }

    String csrf(String path) throws Exception {
      Matcher m = CSRF.matcher(get(path).body());
      assertThat(m.find()).as("a CSRF token on %s", path).isTrue();
      return m.group(1);
    }

    HttpResponse<String> login(String name, String password) throws Exception {
      String token = csrf("/app/login");
      return post("/app/login", "csrf", token, "username", name, "password", password);
    }
  }

  private Browser browser() {
    return new Browser(lab.gateway.uri(), http);
  }

  @Test
  @DisplayName("a login sets a new session cookie that is HttpOnly and SameSite, not Secure over plain HTTP, and shows the balance")
  void loginSetsAFlaggedCookie() throws Exception {
    Browser b = browser();
    HttpResponse<String> login = b.login("nethzuser", "nethzgeheim");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/app/home");
    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("uncloud_session="))
        .findFirst().orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/app").doesNotContain("Secure");
    HttpResponse<String> home = b.get("/app/home");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("script-src 'self'"));
    assertThat(home.body()).contains("Your account", "20.00 CHF", "nethzuser");
  }

  @Test
  @DisplayName("under HTTPS the session cookie is Secure as well")
  void secureCookieUnderHttps(@TempDir Path certDir) throws Exception {
    TestCertificate certificate = TestCertificate.forLoopback(certDir);
    SSLContext tls = certificate.clientContext();
    HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
    try (GatewayHarness secure = GatewayHarness.start(s -> s.withKeyStore(certificate.keyStore(),
        ch.uncloud.api.Secret.of(certificate.password())), client)) {
      Browser b = new Browser(secure.gateway.uri(), client);
      HttpResponse<String> login = b.login("nethzuser", "nethzgeheim");
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c ->
          assertThat(c).startsWith("uncloud_session=").contains("Secure", "HttpOnly", "SameSite=Lax"));
    }
  }

  @Test
  @DisplayName("a form without the session's CSRF token is refused (403) and does nothing; with it, it works")
  void csrfRequired() throws Exception {
    Browser b = browser();
    b.login("nethzuser", "nethzgeheim");
    String token = b.csrf("/app/orders");
    HttpResponse<String> without = b.post("/app/orders", "product", "membership", "idempotency_key", "k-1");
    HttpResponse<String> wrong = b.post("/app/orders", "csrf", token + "x", "product", "membership",
        "idempotency_key", "k-2");
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("This form has expired").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(lab.backend.uncloud().orders().orders(Username.of("nethzuser"))).isEmpty();
    HttpResponse<String> with = b.post("/app/orders", "csrf", token, "product", "membership", "idempotency_key", "k-3");
    assertThat(with.statusCode()).isEqualTo(303);
    assertThat(lab.backend.uncloud().orders().orders(Username.of("nethzuser"))).hasSize(1);
    assertThat(b.get("/app/orders").body()).contains("Ordered: ");
  }

  @Test
  @DisplayName("the login form needs its own CSRF token too")
  void loginCsrfRequired() throws Exception {
    Browser b = browser();
    b.get("/app/login");
    HttpResponse<String> login = b.post("/app/login", "username", "nethzuser", "password", "nethzgeheim");
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("uncloud_session="));
  }

  @Test
  @DisplayName("a session id planted before the login is never adopted: the login issues a new one, the planted one stays unknown")
  void sessionFixationPrevented() throws Exception {
    Browser b = browser();
    String planted = WebSessions.newId();
    b.cookies.put(PageRequest.SESSION_COOKIE, planted);
    b.login("nethzuser", "nethzgeheim");
    assertThat(b.cookies.get(PageRequest.SESSION_COOKIE)).isNotEqualTo(planted);
    Browser attacker = browser();
    attacker.cookies.put(PageRequest.SESSION_COOKIE, planted);
    HttpResponse<String> home = attacker.get("/app/home");
    assertThat(home.statusCode()).isEqualTo(303);
    assertThat(home.headers().firstValue("Location")).hasValue("/app/login");
  }

  @Test
  @DisplayName("logout ends the session: its cookie no longer opens any page")
  void logoutEndsTheSession() throws Exception {
    Browser b = browser();
    b.login("nethzuser", "nethzgeheim");
    String id = b.cookies.get(PageRequest.SESSION_COOKIE);
    String token = b.csrf("/app/home");
    HttpResponse<String> logout = b.post("/app/logout", "csrf", token);
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(b.cookies).doesNotContainKey(PageRequest.SESSION_COOKIE);
    Browser again = browser();
    again.cookies.put(PageRequest.SESSION_COOKIE, id);
    assertThat(again.get("/app/statement").headers().firstValue("Location")).hasValue("/app/login");
  }

  @Test
  @DisplayName("another person's order, VM and snapshot URLs answer 404 like missing ones, without a stack trace")
  void otherPeoplesUrlsAre404() throws Exception {
    Browser owner = browser();
    owner.login("nethzuser", "nethzgeheim");
    String token = owner.csrf("/app/orders");
    owner.post("/app/orders", "csrf", token, "product", "membership", "idempotency_key", "m-1");
    String orderId = lab.backend.uncloud().orders().orders(Username.of("nethzuser")).get(0).id();
    Browser other = browser();
    other.login("erstsemester", "erstgeheim");
    String otherToken = other.csrf("/app/orders");
    HttpResponse<String> change = other.get("/app/orders/" + orderId + "/change");
    HttpResponse<String> cancel = other.post("/app/orders/" + orderId + "/cancel", "csrf", otherToken);
    HttpResponse<String> snapshot = other.post("/app/vms/3f2a09c4-5b1e-4c8e-9d62-0a7b1c2d3e4f/snapshots", "csrf",
        otherToken, "name", "x", "idempotency_key", "s-1");
    for (HttpResponse<String> r : List.of(change, cancel, snapshot)) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(r.body()).contains("Error 404").doesNotContain("nethzuser").doesNotContain("Exception");
    }
    assertThat(lab.backend.uncloud().orders().orders(Username.of("nethzuser")).get(0).end()).isNull();
  }

  @Test
  @DisplayName("the pages speak German to a browser that prefers it")
  void german() throws Exception {
    Browser b = browser();
    b.language = "de-CH, de;q=0.9, en;q=0.5";
    assertThat(b.get("/app/login").body()).contains("lang=\"de\"", "Anmelden", "Passwort");
    b.login("schuldner", "schuldgeheim");
    assertThat(b.get("/app/home").body()).contains("Ihr Konto", "Gesperrt.", "zahlen Sie 5.00 CHF ein");
  }

  @Test
  @DisplayName("a refusal from the core reads in German on a German page, and in the core's English on an English one")
  void refusalsInThePagesLanguage() throws Exception {
    String quarter = ch.uncloud.api.credit.Quarter.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).toString();
    for (String language : List.of("de-CH, de;q=0.9", "en")) {
      Browser b = browser();
      b.language = language;
      String token = b.csrf("/app/admin/login");
      b.post("/app/admin/login", "csrf", token, "username", "vppadmin", "password", "vppgeheim");
      HttpResponse<String> notOwned = b.get("/app/admin/settlement?service=3dprint&quarter=" + quarter);
      assertThat(notOwned.statusCode()).isEqualTo(403);
      if (language.equals("en")) {
        assertThat(notOwned.body()).contains("3dprint").doesNotContain("Dieser Dienst");
      } else {
        assertThat(notOwned.body()).contains("Fehler 403", "Dieser Dienst gehört nicht zu Ihren Diensten.");
      }
    }
  }

  @Test
  @DisplayName("failed logins count against the same limits as the API's: the sixth wrong password is 429, with Retry-After")
  void loginRateLimit() throws Exception {
    Browser b = browser();
    for (int i = 0; i < 5; i++) {
      assertThat(b.login("nethzuser", "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = b.login("nethzuser", "nethzgeheim");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.body()).contains("Too many failed logins");
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(lab.uri("/api/v1/me"))
        .header("Authorization", GatewayHarness.basic("nethzuser", "nethzgeheim")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).as("the API shares the count").isEqualTo(429);
  }

  @Test
  @DisplayName("an admin finds an account, reverses an entry after confirming, and downloads the settlement as CSV")
  void adminFlow() throws Exception {
    Browser b = browser();
    String token = b.csrf("/app/admin/login");
    assertThat(b.post("/app/admin/login", "csrf", token, "username", "vppadmin", "password", "vppgeheim").statusCode())
        .isEqualTo(303);
    assertThat(b.get("/app/admin/?prefix=schuld").body()).contains("schuldner", "-5.00 CHF");
    String account = b.get("/app/admin/account?user=schuldner").body();
    Matcher reverse = Pattern.compile("href=\"(/app/admin/reverse\\?entry=[^\"]+)\"").matcher(account);
    assertThat(reverse.find()).isTrue();
    String confirm = b.get(reverse.group(1).replace("&amp;", "&")).body();
    assertThat(confirm).contains("Reverse an entry", "-5.00 CHF");
    Matcher entry = Pattern.compile("name=\"entry\" value=\"([^\"]+)\"").matcher(confirm);
    Matcher key = Pattern.compile("name=\"idempotency_key\" value=\"([^\"]+)\"").matcher(confirm);
    assertThat(entry.find() && key.find()).isTrue();
    String session = b.csrf("/app/admin/");
    HttpResponse<String> done = b.post("/app/admin/reverse", "csrf", session, "entry", entry.group(1), "user",
        "schuldner", "reason", "printer jam", "idempotency_key", key.group(1));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(b.get(done.headers().firstValue("Location").orElseThrow()).body()).contains("0.00 CHF", "printer jam");
    assertThat(lab.backend.uncloud().credit().status(Username.of("schuldner")).locked()).isFalse();
    String quarter = ch.uncloud.api.credit.Quarter.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).toString();
    HttpResponse<String> settlement = b.get("/app/admin/settlement?service=vpp-print&quarter=" + quarter);
    assertThat(settlement.body()).contains("Settlement of vpp-print", "settlement-chart");
    HttpResponse<String> csv = b.get("/app/admin/settlement.csv?service=vpp-print&quarter=" + quarter);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.body()).startsWith(SettlementCsv.HEADER).contains("net");
    HttpResponse<String> notOwned = b.get("/app/admin/settlement?service=3dprint&quarter=" + quarter);
    assertThat(notOwned.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("a person's session does not open the admin pages, and an admin's does not open a person's")
  void sessionsKeepTheirSide() throws Exception {
    Browser person = browser();
    person.login("nethzuser", "nethzgeheim");
    assertThat(person.get("/app/admin/").headers().firstValue("Location")).hasValue("/app/admin/login");
    Browser admin = browser();
    String token = admin.csrf("/app/admin/login");
    admin.post("/app/admin/login", "csrf", token, "username", "raplab", "password", "verygeheim");
    assertThat(admin.get("/app/statement").headers().firstValue("Location")).hasValue("/app/login");
  }
}
