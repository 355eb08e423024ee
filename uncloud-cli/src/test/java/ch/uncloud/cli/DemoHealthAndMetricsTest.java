package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewayMetrics;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.gateway.ManagementServer;
import ch.uncloud.gateway.ManagementSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's real components (the SQLite ledger, the LDAP directory on an UnboundID server, the JDBC and
 * LDAP providers) behind the gateway with metrics on, as {@code serve --demo} wires them.
 */
@DisplayName("The demo's health and metrics")
class DemoHealthAndMetricsTest {
  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

  @TempDir
  Path data;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private GatewayMetrics metrics;
  private Backend backend;
  private Gateway gateway;
  private ManagementServer management;

  @BeforeEach
  void start() {
    metrics = new GatewayMetrics();
    backend = Demo.start(data, Clock.systemUTC(), null, metrics.registry());
    gateway = Gateway.start(backend.uncloud(), GatewaySettings.defaults().withPort(0), Clock.systemUTC(), metrics);
    management = ManagementServer.start(ManagementSettings.onLoopback(0), metrics);
  }

  @AfterEach
  void stop() {
    management.close();
    gateway.close();
    backend.close();
    metrics.close();
  }

  @Test
  @DisplayName("answer /health/ready 503 naming the directory while its LDAP server is down, and 200 once it is back")
  void readyFollowsTheDirectory() throws Exception {
    assertThat(get(gateway.uri() + "/health/ready").statusCode()).isEqualTo(200);
    backend.ldap().stop();
    HttpResponse<String> down = get(gateway.uri() + "/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"directory\":\"down\"").contains("\"ledger\":\"up\"")
        .contains("\"down\":[\"directory\"]").doesNotContain("ldap://").doesNotContain(backend.ldap().bindPassword());
    assertThat(get(gateway.uri() + "/health/live").statusCode()).isEqualTo(200);
    backend.ldap().start();
    Instant deadline = Instant.now().plusSeconds(30);
    int status = 0;
    while (Instant.now().isBefore(deadline) && (status = get(gateway.uri() + "/health/ready").statusCode()) != 200) {
      Thread.sleep(200);
    }
    assertThat(status).as("ready again once the directory is back").isEqualTo(200);
  }

  @Test
  @DisplayName("publish the demo's bookings, its directory's latency and the HTTP requests at /metrics")
  void publishesTheDemosMeters() throws Exception {
    HttpResponse<String> charged = http.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/charge"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("admin_username=raplab&admin_password=verygeheim"
            + "&service_name=3dprint&username=nethzuser&amount=1.50&currency=CHF&payment_comment=demo"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(charged.statusCode()).isEqualTo(200);

    HttpResponse<String> scraped = get(management.metricsUri().toString());
    assertThat(scraped.statusCode()).isEqualTo(200);
    String text = scraped.body();
    for (String line : text.split("\n")) {
      assertThat(line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")
          || SAMPLE.matcher(line).matches()).as("a Prometheus line: %s", line).isTrue();
    }
    assertThat(value(text, "uncloud_bookings_total", "kind=\"charge\"", "service=\"3dprint\"")).isEqualTo(1.0);
    assertThat(value(text, "http_server_requests_seconds_count", "route=\"/charge\"", "status=\"200\"")).isEqualTo(1.0);
    assertThat(text).contains("jvm_memory_used_bytes");
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample of that name whose labels contain every given {@code name="value"}. */
  static double value(String text, String name, String... labels) {
    Matcher sample = SAMPLE.matcher(text);
    Double found = null;
    while (sample.find()) {
      if (!sample.group(1).equals(name)) {
        continue;
      }
      String labelText = sample.group(2) == null ? "" : sample.group(2);
      boolean all = true;
      for (String label : labels) {
        all &= labelText.contains(label);
      }
      if (all) {
        assertThat(found).as("one sample of %s", name).isNull();
        found = Double.parseDouble(sample.group(3));
      }
    }
    assertThat(found).as("a sample of %s with %s", name, String.join(",", labels)).isNotNull();
    return found;
  }
}
