package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Pot;
import ch.uncloud.spi.Ledger;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The {@link Lab} (the demo's admins, services and users on the testkit's in-memory providers)
 * behind a real gateway on a free loopback port, and an {@link HttpClient} to talk to it.
 */
final class GatewayHarness implements AutoCloseable {
  static final List<String> SERVICES = List.of("3dprint", "lasercutter", "vpp-print", DepositRequest.CASHIER.toString());
  private static final int LARGE_BODY_BYTES = 16 * 1024;

  final Lab backend;
  final Gateway gateway;
  final HttpClient http;

  private GatewayHarness(Lab backend, Gateway gateway, HttpClient http) {
    this.backend = backend;
    this.gateway = gateway;
    this.http = http;
  }

  static GatewayHarness start() {
    return start(s -> s, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static GatewayHarness start(UnaryOperator<GatewaySettings> settings, HttpClient http) {
    return start(Clock.systemUTC(), settings, http);
  }

  static GatewayHarness start(Clock clock) {
    return start(clock, s -> s, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static GatewayHarness start(Clock clock, UnaryOperator<GatewaySettings> settings, HttpClient http) {
    Lab backend = Lab.start(clock);
    try {
      GatewaySettings base = GatewaySettings.defaults().withPort(0).withLoginLimits(new LoginLimits(
          LoginLimit.parse("5/1m"), LoginLimit.parse("100/15m"), LoginLimit.parse("1000/1m")));
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

  /** @return an HTTP Basic {@code Authorization} value for the user and password */
  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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

  /** A valid form reserving a hold of raplab's 3dprint for an hour; tests change single fields. */
  static Map<String, String> holdForm(String user, String amount, String key) {
    Map<String, String> fields = form("admin_username", "raplab", "admin_password", "verygeheim", "service_name",
        "3dprint", "username", user, "amount", amount, "currency", "CHF", "payment_comment", "laser job",
        "expires_in_seconds", "3600");
    if (key != null) {
      fields.put("idempotency_key", key);
    }
    return fields;
  }

  HttpResponse<String> post(String path, Map<String, String> fields, String... headers) {
    return post(path, encode(fields).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", headers);
  }

  HttpResponse<String> post(String path, byte[] body, String contentType, String... headers) {
    if (body.length > LARGE_BODY_BYTES) {
      return postWithContinue(path, body, contentType, headers);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build(), contentType, body);
  }

  /**
   * Posts a large body the way a careful client does: the headers with {@code Expect: 100-continue}
   * first, the body only after {@code 100 Continue}. Without that, a 413 decided from the
   * Content-Length races the gateway's close of the unread body and the client may see a reset
   * instead of the answer. (The JDK 17 HttpClient's expectContinue hangs on a final answer, hence a
   * socket; plain HTTP only.)
   */
  private HttpResponse<String> postWithContinue(String path, byte[] body, String contentType, String... headers) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nExpect: 100-continue\r\n")
        .append("Connection: close\r\n\r\n");
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      RawResponse answer = RawResponse.read(in, uri(path));
      if (answer.statusCode() == 100) {
        out.write(body);
        out.flush();
        answer = RawResponse.read(in, uri(path));
      }
      conforms("POST", uri(path), answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null),
          answer.body());
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build(), null, new byte[0]);
  }

  HttpResponse<String> delete(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).DELETE();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build(), null, new byte[0]);
  }

  /** Sends a request whose body the contract cannot see: only the answer is held to the document. */
  HttpResponse<String> send(HttpRequest request) {
    HttpResponse<String> response = exchange(request);
    conforms(request.method(), request.uri(), response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null), response.body());
    return response;
  }

  private HttpResponse<String> send(HttpRequest request, String contentType, byte[] body) {
    return send(http, request, contentType, body);
  }

  /**
   * Sends a request on a client of the caller's and holds the request and its answer to the OpenAPI document,
   * for tests that run a gateway of their own wiring.
   *
   * @param http the client
   * @param request the request
   * @param contentType the request body's content type, or {@code null} for none
   * @param body the request body as sent
   * @return the answer
   */
  static HttpResponse<String> send(HttpClient http, HttpRequest request, String contentType, byte[] body) {
    HttpResponse<String> response = exchange(http, request);
    OpenApiContract.DOCUMENT.check(new OpenApiContract.Exchange(request.method(), request.uri(), contentType, body,
        response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(), true));
    return response;
  }

  private static void conforms(String method, URI uri, int status, String contentType, String body) {
    OpenApiContract.DOCUMENT.check(new OpenApiContract.Exchange(method, uri, null, null, status, contentType, body,
        false));
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    return exchange(http, request);
  }

  private static HttpResponse<String> exchange(HttpClient http, HttpRequest request) {
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

  /** @return every ledger entry of every lab service, counted through the ledger's own API */
  int entryCount() {
    Ledger ledger = backend.ledger();
    return SERVICES.stream()
        .mapToInt(s -> ledger.entries(ServiceName.of(s), Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z")).size())
        .sum();
  }

  /**
   * Books a quota grant into the user's quota pot, as a run of the quota grants does.
   *
   * @param user who receives it
   * @param amount how much, e.g. {@code "7.50"}
   * @param at when it is booked
   */
  void grantQuota(String user, String amount, Instant at) {
    backend.ledger().post(new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("quota"), Username.of(user),
        Money.of(amount, "CHF"), "quota semester HS2026", "uncloud-quota", at,
        IdempotencyKey.of("quota-grant:semester:HS2026:" + user), null, null, Pot.QUOTA, null));
  }

  /** @return the user's lock flag as the directory holds it, {@code TRUE} or {@code FALSE} */
  String vppLock(String user) {
    return backend.directory().isLocked(Username.of(user)) ? "TRUE" : "FALSE";
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
    return raw(head, new byte[0]);
  }

  /**
   * Sends a request head and then body bytes over a plain socket, with {@code Connection: close}.
   *
   * @param head the request line and headers, without the blank line
   * @param body what follows the blank line, sent as is
   * @return the reply
   */
  Reply raw(byte[] head, byte[] body) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write("\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // the answer's own length, not the end of the stream: after refusing an unfinished body the
      // gateway may keep the connection open for the rest of it
      Reply reply = Reply.of(RawResponse.read(new java.io.BufferedInputStream(socket.getInputStream()), uri("/")));
      String[] requestLine = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0].split(" ");
      URI target = requestLine.length > 1 && requestLine[1].startsWith("/") ? safeUri(requestLine[1]) : uri("/");
      conforms(requestLine[0], target, reply.status(), reply.contentType().isEmpty() ? null : reply.contentType(),
          reply.body());
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the target as a URI, or {@code /} when it is no valid URI (the raw tests send such) */
  private URI safeUri(String target) {
    try {
      return uri(target);
    } catch (IllegalArgumentException e) {
      return uri("/");
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
