package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.spi.Ledger;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A running demo (SQLite ledger in a temp dir, embedded LDAP) behind a real gateway on a free
 * loopback port, and an {@link HttpClient} to talk to it.
 */
final class GatewayHarness implements AutoCloseable {
  static final List<String> SERVICES = List.of("3dprint", "lasercutter", "vpp-print", DepositRequest.CASHIER.toString());

  final Backend backend;
  final Gateway gateway;
  final HttpClient http;

  private GatewayHarness(Backend backend, Gateway gateway, HttpClient http) {
    this.backend = backend;
    this.gateway = gateway;
    this.http = http;
  }

  static GatewayHarness start(Path dataDir) {
    return start(dataDir, s -> s, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static GatewayHarness start(Path dataDir, UnaryOperator<GatewaySettings> settings, HttpClient http) {
    return start(dataDir, Clock.systemUTC(), settings, http);
  }

  static GatewayHarness start(Path dataDir, Clock clock) {
    return start(dataDir, clock, s -> s, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static GatewayHarness start(Path dataDir, Clock clock, UnaryOperator<GatewaySettings> settings, HttpClient http) {
    Backend backend = Demo.start(dataDir, clock);
    try {
      GatewaySettings base = GatewaySettings.defaults().withPort(0).withLoginLimits(
          LoginRateLimiter.Limit.parse("5/1m"), LoginRateLimiter.Limit.parse("1000/1m"));
      Gateway gateway = Gateway.start(backend.uncloud(), settings.apply(base));
      return new GatewayHarness(backend, gateway, http);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create(gateway.uri() + pathAndQuery);
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** A valid charge form; tests change single fields. */
  static Map<String, String> chargeForm(String user, String amount) {
    return form("admin_username", "raplab", "admin_password", "verygeheim", "service_name", "3dprint",
        "username", user, "amount", amount, "currency", "CHF", "payment_comment", "PLA print");
  }

  HttpResponse<String> post(String path, Map<String, String> fields, String... headers) {
    return post(path, encode(fields).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", headers);
  }

  HttpResponse<String> post(String path, byte[] body, String contentType, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonObject json(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** @return every ledger entry of every demo service, counted through the ledger's own API */
  int entryCount() {
    Ledger ledger = backend.uncloud().ledger();
    return SERVICES.stream()
        .mapToInt(s -> ledger.entries(ServiceName.of(s), Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z")).size())
        .sum();
  }

  /** @return the user's vppLock value, read over a fresh LDAP connection */
  String vppLock(String user) {
    try (LDAPConnection connection = backend.ldap().openServiceConnection()) {
      SearchResultEntry entry = connection.getEntry("uid=" + user + ",ou=people," + backend.ldap().baseDn(), "vppLock");
      assertThat(entry).as("LDAP entry of " + user).isNotNull();
      return entry.getAttributeValue("vppLock");
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A status, content type and body, from the HttpClient or from a raw socket. */
  record Reply(int status, String contentType, String body) {
    static Reply of(HttpResponse<String> response) {
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    }
  }

  /**
   * Sends bytes that {@link HttpClient} refuses to send (a broken percent-escape in the URL, raw
   * non-ASCII bytes) over a plain socket, with {@code Connection: close}.
   *
   * @param head the request line and headers, without the blank line
   * @return the reply
   */
  Reply raw(byte[] head) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write("\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      String headers = response.substring(0, split);
      String contentType = headers.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
          .map(l -> l.substring(13).trim()).findFirst().orElse("");
      return new Reply(status, contentType, response.substring(split + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      backend.close();
    }
  }
}
