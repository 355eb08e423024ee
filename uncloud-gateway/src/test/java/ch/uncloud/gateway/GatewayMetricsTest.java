package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The gateway's metrics and health")
class GatewayMetricsTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
  private GatewayMetrics metrics;
  private UncloudCore uncloud;
  private Gateway gateway;
  private ManagementServer management;

  @BeforeEach
  void start() {
    metrics = new GatewayMetrics();
    uncloud = UncloudCore.builder().ledger(InMemoryLedger.create()).directory(directory)
        .currency(Currency.getInstance("CHF")).admin("raplab", Secret.of("verygeheim"))
        .admin("bursar", Secret.of("bursargeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder(DepositRequest.CASHIER.toString()).owners("bursar").maxCharge("1000.00").build())
        .meterRegistry(metrics.registry())
        .build();
    gateway = Gateway.start(uncloud, GatewaySettings.defaults().withPort(0), Clock.systemUTC(), metrics);
    management = ManagementServer.start(ManagementSettings.onLoopback(0), metrics);
  }

  @AfterEach
  void stop() {
    management.close();
    gateway.close();
    uncloud.close();
    metrics.close();
  }

  @Test
  @DisplayName("publish bookings, refusals, latency, HTTP requests by route template and the JVM in Prometheus text")
  void publishesWhatWasBooked() throws Exception {
    assertThat(charge("nethzuser", "1.50").statusCode()).isEqualTo(200);
    assertThat(charge("nethzuser", "2.50").statusCode()).isEqualTo(200);
    assertThat(post("/deposit", Map.of("admin_username", "bursar", "admin_password", "bursargeheim", "service_name",
        "deposits", "username", "nethzuser", "amount", "10.00", "currency", "CHF", "payment_comment", "cash"))
        .statusCode()).isEqualTo(200);
    assertThat(charge("nosuchperson", "1.00").statusCode()).isEqualTo(404);
    assertThat(charge("nethzuser", "900.00").statusCode()).isEqualTo(400);
    raw("GET", gateway.uri() + "/api/v1/orders/ord_123456");

    HttpResponse<String> scraped = raw("GET", management.metricsUri().toString());
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText text = PrometheusText.parse(scraped.body());

    assertThat(text.value("uncloud_bookings_total", "service", "3dprint", "kind", "charge")).hasValue(2.0);
    assertThat(text.value("uncloud_bookings_total", "service", "deposits", "kind", "deposit")).hasValue(1.0);
    assertThat(text.value("uncloud_refusals_total", "code", "unknown_user")).hasValue(1.0);
    assertThat(text.value("uncloud_refusals_total", "code", "amount_above_maximum")).hasValue(1.0);
    assertThat(text.value("uncloud_booking_latency_seconds_count", "operation", "charge")).hasValue(4.0);
    assertThat(text.value("uncloud_booking_latency_seconds_sum", "operation", "charge").orElseThrow()).isPositive();
    assertThat(text.value("http_server_requests_seconds_count", "method", "POST", "route", "/charge", "status", "200"))
        .hasValue(2.0);
    assertThat(text.value("http_server_requests_seconds_count", "method", "POST", "route", "/charge", "status", "404"))
        .hasValue(1.0);
    assertThat(text.samples()).filteredOn(s -> s.name().startsWith("http_server_requests"))
        .extracting(s -> s.labels().get("route"))
        .contains("/api/v1/orders/{order}").noneMatch(route -> route.contains("ord_123456"));
    assertThat(text.samples()).flatExtracting(s -> s.labels().values()).noneMatch(v -> v.contains("nethzuser")
        || v.contains("nosuchperson"));
    for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
        "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds"}) {
      assertThat(text.has(jvm)).as(jvm).isTrue();
    }
  }

  @Test
  @DisplayName("count a booking the gateway refuses itself (a malformed amount, a missing field) under its error code")
  void countsTheGatewaysOwnRefusals() throws Exception {
    assertThat(refusals("malformed_amount")).isZero();
    HttpResponse<String> malformed = charge("nethzuser", "abc");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\"error\":\"malformed_amount\"");
    assertThat(refusals("malformed_amount")).isEqualTo(1.0);

    Map<String, String> noAmount = new java.util.HashMap<>(GatewayHarness.chargeForm("nethzuser", "1.00"));
    noAmount.remove("amount");
    assertThat(post("/charge", noAmount).statusCode()).isEqualTo(400);
    assertThat(refusals("missing_field")).isEqualTo(1.0);
    assertThat(refusals("malformed_amount")).isEqualTo(1.0);
    assertThat(PrometheusText.parse(raw("GET", management.metricsUri().toString()).body()).samples())
        .flatExtracting(s -> s.labels().values()).noneMatch(v -> v.contains("abc"));
  }

  @Test
  @DisplayName("count a deposit the admin pages refuse themselves (a malformed amount) under its error code")
  void countsTheAdminPagesOwnRefusals() throws Exception {
    HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL)).build();
    String login = csrf(browser, "/app/admin/login");
    assertThat(page(browser, "/app/admin/login", "csrf", login, "username", "bursar", "password", "bursargeheim")
        .statusCode()).isEqualTo(303);
    String token = csrf(browser, "/app/admin/");

    HttpResponse<String> refused = page(browser, "/app/admin/deposit", "csrf", token, "user", "nethzuser",
        "amount", "abc", "comment", "cash", "idempotency_key", "page-deposit-1");

    assertThat(refused.statusCode()).isEqualTo(303);
    assertThat(refusals("malformed_amount")).isEqualTo(1.0);
    assertThat(PrometheusText.parse(raw("GET", management.metricsUri().toString()).body())
        .value("uncloud_bookings_total", "service", "deposits", "kind", "deposit")).isEmpty();
  }

  @Test
  @DisplayName("do not serve /metrics on the gateway's own port")
  void notOnTheMainListener() throws Exception {
    assertThat(raw("GET", gateway.uri() + "/metrics").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("answer 404 on the management listener for anything but /metrics")
  void managementServesMetricsOnly() throws Exception {
    assertThat(raw("GET", management.metricsUri().resolve("/charge").toString()).statusCode()).isEqualTo(404);
    assertThat(raw("POST", management.metricsUri().toString()).statusCode()).isEqualTo(405);
  }

  @Test
  @DisplayName("answer /health/live and /health/ready 200 while the ledger and the directory answer")
  void healthy() {
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body().strip()).isEqualTo("{\"status\":\"ok\"}");
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body().strip()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"ledger\":\"up\",\"directory\":\"up\"},\"down\":[]}");
  }

  @Test
  @DisplayName("answer /health/ready 503 naming the directory while it fails, and 200 once it answers again")
  void notReadyWhileTheDirectoryFails() {
    directory.failNextReads(1);
    HttpResponse<String> down = get("/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body().strip()).isEqualTo(
        "{\"status\":\"not_ready\",\"checks\":{\"ledger\":\"up\",\"directory\":\"down\"},\"down\":[\"directory\"]}");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Nested
  @DisplayName("Its settings")
  class Settings {
    @Test
    @DisplayName("leave the metrics off when nothing is configured")
    void offByDefault() {
      ManagementSettings settings = ManagementSettings.from(ProviderConfig.empty());
      assertThat(settings.enabled()).isFalse();
      assertThatThrownBy(() -> ManagementServer.start(settings, metrics)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("listen on 127.0.0.1 when turned on without an address")
    void loopbackByDefault() {
      ManagementSettings settings = ManagementSettings.from(ProviderConfig.of(Map.of(
          "uncloud.gateway.metrics.enabled", "true", "uncloud.gateway.management.port", "0")));
      assertThat(settings.bind()).isEqualTo("127.0.0.1");
      try (ManagementServer listener = ManagementServer.start(settings, metrics)) {
        assertThat(listener.metricsUri().getHost()).isEqualTo("127.0.0.1");
      }
    }

    @Test
    @DisplayName("name the listener and the key to change when its port is taken, and leave nothing running")
    void portTaken() {
      try (ManagementServer first = ManagementServer.start(ManagementSettings.onLoopback(0), metrics)) {
        long threadsBefore = managementThreads();
        assertThatThrownBy(() -> ManagementServer.start(ManagementSettings.onLoopback(first.port()), metrics))
            .isInstanceOf(ch.uncloud.api.ProviderUnavailableException.class)
            .hasMessageStartingWith("cannot start the management listener on 127.0.0.1:" + first.port() + ": ")
            .hasMessageEndingWith("; pick another uncloud.gateway.management.port");
        assertThat(managementThreads()).isEqualTo(threadsBefore);
      }
    }

    private long managementThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && t.getName().startsWith("uncloud-management")).count();
    }

    @Test
    @DisplayName("refuse an address other machines reach unless allow-remote says so")
    void neverPublicByAccident() {
      ProviderConfig remote = ProviderConfig.of(Map.of("uncloud.gateway.metrics.enabled", "true",
          "uncloud.gateway.management.bind", "0.0.0.0"));
      assertThatThrownBy(() -> ManagementSettings.from(remote)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("uncloud.gateway.management.allow-remote=true");
      assertThat(ManagementSettings.from(remote.with("uncloud.gateway.management.allow-remote", "true")).bind())
          .isEqualTo("0.0.0.0");
    }

    @Test
    @DisplayName("report every malformed key at once")
    void malformedKeys() {
      assertThat(ManagementSettings.problems(ProviderConfig.of(Map.of("uncloud.gateway.metrics.enabled", "yes",
          "uncloud.gateway.management.port", "70000")))).hasSize(2);
    }
  }

  private String csrf(HttpClient browser, String path) throws IOException, InterruptedException {
    String body = browser.send(HttpRequest.newBuilder(URI.create(gateway.uri() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(body);
    assertThat(token.find()).as("a CSRF token on %s", path).isTrue();
    return token.group(1);
  }

  private HttpResponse<String> page(HttpClient browser, String path, String... pairs)
      throws IOException, InterruptedException {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return browser.send(HttpRequest.newBuilder(URI.create(gateway.uri() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.encode(fields))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** @return uncloud_refusals_total{code} as scraped, 0 when not published yet */
  private double refusals(String code) throws IOException, InterruptedException {
    return PrometheusText.parse(raw("GET", management.metricsUri().toString()).body())
        .value("uncloud_refusals_total", "code", code).orElse(0.0);
  }

  private HttpResponse<String> charge(String user, String amount) {
    return post("/charge", GatewayHarness.chargeForm(user, amount));
  }

  private HttpResponse<String> post(String path, Map<String, String> fields) {
    byte[] body = GatewayHarness.encode(fields).getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.uri() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return GatewayHarness.send(http, request, "application/x-www-form-urlencoded", body);
  }

  private HttpResponse<String> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.uri() + path)).timeout(Duration.ofSeconds(10)).GET()
        .build();
    return GatewayHarness.send(http, request, null, new byte[0]);
  }

  /** A request outside the OpenAPI document (the management listener, an undocumented path). */
  private HttpResponse<String> raw(String method, String uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
