package ch.uncloud.testservers.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful fake of Stripe's API (version {@value StripeState#API_VERSION}) on loopback, for tests
 * and for building a front end without a Stripe account. The real stripe-java client talks to it
 * through {@code StripeClient.builder().setApiBase(server.baseUrl())}.
 *
 * <p>What it does as Stripe does: customers (also list by email, delete), payment methods (attach,
 * detach, list), setup intents (create, retrieve, confirm, with setup attempts), payment intents
 * (create, retrieve, list, search, confirm, cancel), charges, refunds (also list); Stripe's test payment methods ({@code pm_card_visa}, {@code pm_card_mastercard}, the
 * {@code pm_card_chargeDeclined*} declines, {@code pm_card_chargeCustomerFail},
 * {@code pm_card_authenticationRequired*}); form bodies with bracket nesting; {@code Idempotency-Key}
 * replay and {@code idempotency_error} on other parameters; errors in Stripe's shape with a
 * {@code Request-Id} and {@code request_log_url}; 401 for anything but a test-mode secret or restricted
 * key ({@code sk_test_...}, {@code rk_test_...}), so a live key can never be used by mistake, except what
 * Stripe.js does in a browser with a test-mode publishable key ({@code pk_test_...}): retrieve and confirm a
 * SetupIntent whose client secret it presents (CORS allowed; {@code GET /v3/} serves a stand-in for Stripe.js
 * that confirms with a test payment method); signed
 * webhook events (Stripe-Signature, v1 HMAC-SHA256). Requests are checked as Stripe checks them:
 * the {@code Stripe-Version} (echoed; answers shaped per the version delta),
 * unknown parameters, currencies and minimum amounts,
 * {@code expand[]} and list cursors.
 *
 * <p>Faults for tests: {@link #failNext(int)} answers the next request with an error status without
 * doing anything, {@link #delayNext(Duration)} does the work and then answers late (a client that
 * times out saw nothing although the payment happened: a crash between send and receive).
 *
 * <p>Thread-safe. Binds 127.0.0.1 only. Close it to stop it.
 */
public final class FakeStripeServer implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ExecutorService webhookSender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-stripe-webhooks");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Clock clock;
  private final Object lock = new Object();
  private final StripeState state;
  private final StripeRoutes routes;
  private final KnownParameters parameters = new KnownParameters();
  private final VersionShapes versions = new VersionShapes();
  private final Map<String, Stored> idempotent = new LinkedHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<WebhookEndpoint> endpoints = new CopyOnWriteArrayList<>();
  private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicLong requestIds = new AtomicLong();

  /**
   * One API request as the fake received it.
   *
   * @param method {@code GET} or {@code POST}
   * @param path e.g. {@code /v1/payment_intents}
   * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
   * @param params the parsed form body or query
   * @param status the status the fake answered with
   */
  public record RecordedRequest(String method, String path, String idempotencyKey, Map<String, Object> params,
      int status) {}

  /**
   * One attempt to deliver a webhook event.
   *
   * @param eventId the event
   * @param type its type, e.g. {@code payment_intent.succeeded}
   * @param url where it was sent
   * @param status the receiver's HTTP status, or -1 if it could not be reached
   */
  public record WebhookDelivery(String eventId, String type, URI url, int status) {}

  /**
   * A webhook event with a valid signature, as Stripe would send it.
   *
   * @param payload the raw JSON body
   * @param signatureHeader the {@code Stripe-Signature} header value
   */
  public record SignedEvent(String payload, String signatureHeader) {}

  private record WebhookEndpoint(URI url, String secret) {}

  /** A scripted fault: for the next matching request, an error status or a late answer. */
  private record Fault(String method, String path, int status, Duration delay) {
    boolean matches(String m, String p) {
      return (method == null || method.equals(m)) && (path == null || path.equals(p));
    }
  }

  private record Stored(String method, String path, Map<String, Object> params, int status, String body) {}

  private record Answer(int status, String body, boolean replayed) {}

  private FakeStripeServer(int port, Clock clock) throws IOException {
    this.clock = clock;
    this.state = new StripeState(clock, this::deliver);
    this.routes = new StripeRoutes(state);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    this.handlers = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fake-stripe");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * @return a running fake on a free loopback port
   */
  public static FakeStripeServer start() {
    return start(0, Clock.systemUTC());
  }

  /**
   * @param port the loopback port, 0 for any free one
   * @param clock the source of {@code created} timestamps and webhook signature times
   * @return a running fake
   */
  public static FakeStripeServer start(int port, Clock clock) {
    try {
      return new FakeStripeServer(port, Objects.requireNonNull(clock, "clock"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Stripe server on port " + port, e);
    }
  }

  /**
   * @return e.g. {@code http://127.0.0.1:41234}, for {@code StripeClient.builder().setApiBase(...)}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * @return the port it listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  // ---------------------------------------------------------------- faults

  /**
   * Answers the next API request with this status and a Stripe error body, without doing anything
   * (409 {@code lock_timeout}, 429 {@code rate_limit}, 5xx {@code api_error}). Calls queue up.
   *
   * @param status e.g. 409, 429, 500
   */
  public void failNext(int status) {
    failNext(null, null, status);
  }

  /**
   * Like {@link #failNext(int)}, for the next request to this method and path only.
   *
   * @param method e.g. {@code POST}, or {@code null} for any
   * @param path e.g. {@code /v1/payment_intents}, or {@code null} for any
   * @param status e.g. 409, 429, 500
   */
  public void failNext(String method, String path, int status) {
    synchronized (faults) {
      faults.add(new Fault(method, path, status, null));
    }
  }

  /**
   * Does the work of the next API request, then waits before answering: a client whose read timeout
   * is shorter sees a timeout although Stripe processed the request. Calls queue up.
   *
   * @param delay how long to wait before answering
   */
  public void delayNext(Duration delay) {
    delayNext(null, null, delay);
  }

  /**
   * Like {@link #delayNext(Duration)}, for the next request to this method and path only.
   *
   * @param method e.g. {@code POST}, or {@code null} for any
   * @param path e.g. {@code /v1/payment_intents}, or {@code null} for any
   * @param delay how long to wait before answering
   */
  public void delayNext(String method, String path, Duration delay) {
    synchronized (faults) {
      faults.add(new Fault(method, path, 0, Objects.requireNonNull(delay, "delay")));
    }
  }

  private Optional<Fault> takeFault(String method, String path, boolean delay) {
    synchronized (faults) {
      for (int i = 0; i < faults.size(); i++) {
        Fault f = faults.get(i);
        if ((f.delay() != null) == delay && f.matches(method, path)) {
          return Optional.of(faults.remove(i));
        }
      }
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- front-end actions

  /**
   * What the card holder does in the front end when the bank asks for 3-D Secure on a setup intent
   * (status {@code requires_action}): passes the challenge, so the card is saved.
   *
   * @param setupIntentId the setup intent
   */
  public void completeSetupAuthentication(String setupIntentId) {
    synchronized (lock) {
      state.completeSetupAuthentication(setupIntentId);
    }
  }

  // ---------------------------------------------------------------- webhooks

  /**
   * Sends every later event to this URL, signed with the secret (as a Stripe webhook endpoint).
   *
   * @param url the receiver, e.g. {@code http://127.0.0.1:8080/stripe/webhook}
   * @param signingSecret the endpoint's secret, {@code whsec_...}
   */
  public void addWebhookEndpoint(URI url, String signingSecret) {
    endpoints.add(new WebhookEndpoint(url, signingSecret));
  }

  /**
   * @return every event so far, oldest first, as JSON text
   */
  public List<String> events() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      state.events().forEach(e -> out.add(Json.write(e)));
      return out;
    }
  }

  /**
   * @param type e.g. {@code payment_intent.succeeded}
   * @return the ids of the events of that type, oldest first
   */
  public List<String> eventIds(String type) {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      state.events().stream().filter(e -> type.equals(e.get("type"))).forEach(e -> out.add((String) e.get("id")));
      return out;
    }
  }

  /**
   * @param eventId an event
   * @param signingSecret the endpoint secret to sign with
   * @return the event's body and a valid {@code Stripe-Signature} for now
   */
  public SignedEvent signedEvent(String eventId, String signingSecret) {
    String payload;
    synchronized (lock) {
      payload = Json.write(state.event(eventId).orElseThrow(() -> new IllegalArgumentException("no event " + eventId)));
    }
    return new SignedEvent(payload, signatureHeader(payload, signingSecret, clock.instant().getEpochSecond()));
  }

  /**
   * Sends an event again to every endpoint, as Stripe does when a delivery was not acknowledged.
   *
   * @param eventId the event
   */
  public void resendEvent(String eventId) {
    synchronized (lock) {
      deliver(state.event(eventId).orElseThrow(() -> new IllegalArgumentException("no event " + eventId)));
    }
  }

  /**
   * @return every delivery attempt so far
   */
  public List<WebhookDelivery> webhookDeliveries() {
    return List.copyOf(deliveries);
  }

  /**
   * Waits until at least this many deliveries were attempted.
   *
   * @param count deliveries to wait for
   * @param timeout how long at most
   * @return whether they happened in time
   */
  public boolean awaitWebhookDeliveries(int count, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (deliveries.size() < count) {
      if (System.nanoTime() > end) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Computes a {@code Stripe-Signature} header: {@code t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<payload>"))}.
   *
   * @param payload the raw body
   * @param signingSecret the endpoint secret
   * @param timestamp unix seconds
   * @return the header value
   */
  public static String signatureHeader(String payload, String signingSecret, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HEX.formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private void deliver(Map<String, Object> event) {
    if (endpoints.isEmpty()) {
      return;
    }
    String payload = Json.write(event);
    String id = (String) event.get("id");
    String type = (String) event.get("type");
    for (WebhookEndpoint endpoint : endpoints) {
      webhookSender.execute(() -> {
        String header = signatureHeader(payload, endpoint.secret(), clock.instant().getEpochSecond());
        int status;
        try {
          HttpResponse<Void> response = webhookClient.send(HttpRequest.newBuilder(endpoint.url())
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Stripe-Signature", header)
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
              .build(), HttpResponse.BodyHandlers.discarding());
          status = response.statusCode();
        } catch (IOException e) {
          status = -1;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          status = -1;
        }
        deliveries.add(new WebhookDelivery(id, type, endpoint.url(), status));
      });
    }
  }

  // ---------------------------------------------------------------- inspection

  /**
   * @return how many payment intents exist
   */
  public int paymentIntentCount() {
    synchronized (lock) {
      return state.paymentIntentCount();
    }
  }

  /**
   * @return how many charges succeeded, i.e. how often money was taken
   */
  public long succeededChargeCount() {
    synchronized (lock) {
      return state.succeededChargeCount();
    }
  }

  /**
   * @return how many customers exist
   */
  public int customerCount() {
    synchronized (lock) {
      return state.customerCount();
    }
  }

  /**
   * @return every payment intent as JSON text, oldest first
   */
  public List<String> paymentIntents() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      state.paymentIntents().forEach(pi -> out.add(Json.write(pi)));
      return out;
    }
  }

  /**
   * @return every API request received so far, oldest first
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Stops answering and sending webhooks. Idempotent. */
  @Override
  public void close() {
    handlers.shutdownNow(); // first, so answers held back by delayNext end now instead of holding up stop()
    server.stop(0);
    webhookSender.shutdown();
    try {
      webhookSender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      // browsers call the API from another origin (Stripe.js on a card page), as Stripe allows
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      if (serveBrowserParts(exchange, method, path)) {
        return;
      }
      String requestId = "req_fake" + requestIds.incrementAndGet();
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      Map<String, Object> params;
      Answer answer;
      try {
        params = FormBody.parse("GET".equals(method) || "DELETE".equals(method)
            ? exchange.getRequestURI().getRawQuery() : body);
      } catch (IllegalArgumentException e) {
        params = Map.of();
      }
      Optional<Fault> failure = takeFault(method, path, false);
      ApiVersion version = ApiVersion.ACCOUNT_DEFAULT;
      if (failure.isPresent()) {
        answer = injected(failure.get().status(), requestLogUrl(requestId));
      } else {
        try {
          if (isPublishable(exchange.getRequestHeaders().getFirst("Authorization"), params)) {
            params = publishableCall(method, path, params);
          } else {
            ApiKeys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
          }
          version = ApiVersion.fromHeader(exchange.getRequestHeaders().getFirst("Stripe-Version"));
          answer = process(method, path, params, idempotencyKey, requestId, version);
        } catch (StripeError e) {
          answer = error(e, requestId);
        }
      }
      requests.add(new RecordedRequest(method, path, idempotencyKey, params, answer.status()));
      if (failure.isEmpty()) {
        takeFault(method, path, true).ifPresent(f -> sleep(f.delay()));
      }
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json");
      headers.set("Request-Id", requestId);
      headers.set("Stripe-Version", version.header());
      if (idempotencyKey != null && "POST".equals(method)) {
        headers.set("Idempotency-Key", idempotencyKey);
      }
      if (answer.replayed()) {
        headers.set("Idempotent-Replayed", "true");
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client went away (for example it timed out during delayNext); nothing to answer
    }
  }

  /**
   * The parts a browser asks for rather than a server: the stand-in for Stripe.js at {@code GET /v3/}, and
   * the answer to a CORS preflight.
   *
   * @return whether the request was answered
   */
  private static boolean serveBrowserParts(HttpExchange exchange, String method, String path) throws IOException {
    if ("OPTIONS".equals(method)) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, DELETE");
      exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, Authorization, Stripe-Version");
      exchange.sendResponseHeaders(204, -1);
      return true;
    }
    if ("GET".equals(method) && (path.equals("/v3/") || path.equals("/v3"))) {
      byte[] script;
      try (InputStream in = FakeStripeServer.class.getResourceAsStream("stripe-js-standin.js")) {
        script = in.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", "text/javascript; charset=utf-8");
      exchange.sendResponseHeaders(200, script.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(script);
      }
      return true;
    }
    return false;
  }

  /** @return whether a request without a secret key comes with a test-mode publishable key, as Stripe.js sends it */
  private static boolean isPublishable(String authorization, Map<String, Object> params) {
    return authorization == null && params.get("key") instanceof String key && key.startsWith("pk_test_");
  }

  /**
   * What a publishable key may do, as on Stripe: retrieve and confirm a SetupIntent whose client secret
   * it presents; anything else is Stripe's 401.
   *
   * @return the parameters without the key
   */
  private Map<String, Object> publishableCall(String method, String path, Map<String, Object> params) {
    Map<String, Object> rest = new LinkedHashMap<>(params);
    rest.remove("key");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("/v1/setup_intents/([A-Za-z0-9_]+)(/confirm)?")
        .matcher(path);
    boolean allowed = m.matches() && ("POST".equals(method) == (m.group(2) != null));
    if (!allowed) {
      throw StripeError.invalid(401, null, "This API call cannot be made with a publishable API key. Please use a "
          + "secret API key.", null);
    }
    Object secret = rest.get("client_secret");
    synchronized (lock) {
      Object expected;
      try {
        expected = state.setupIntent(m.group(1)).get("client_secret");
      } catch (StripeError e) {
        expected = null;
      }
      if (expected == null || !expected.equals(secret)) {
        throw StripeError.missing("setupintent", m.group(1), "intent");
      }
    }
    return rest;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Answer injected(int status, String requestLogUrl) {
    Map<String, Object> error = new LinkedHashMap<>();
    switch (status) {
      case 409 -> {
        error.put("code", "lock_timeout");
        error.put("message", "This object cannot be accessed right now because another API request or Stripe "
            + "process is currently accessing it. If you see this error intermittently, retry the request.");
        error.put("type", "invalid_request_error");
      }
      case 429 -> {
        error.put("code", "rate_limit");
        error.put("message", "Too many requests hit the API too quickly. We recommend an exponential backoff of "
            + "your requests.");
        error.put("type", "invalid_request_error");
      }
      default -> {
        error.put("message", "An unknown error occurred");
        error.put("type", "api_error");
      }
    }
    error.put("request_log_url", requestLogUrl);
    return new Answer(status, Json.write(Map.of("error", error)), false);
  }

  private Answer process(String method, String path, Map<String, Object> params, String idempotencyKey,
      String requestId, ApiVersion version) {
    synchronized (lock) {
      boolean idempotentPost = "POST".equals(method) && idempotencyKey != null;
      if (idempotentPost) {
        if (idempotencyKey.length() > 255) {
          return error(StripeError.invalid(400, null, "Idempotency-Key must be at most 255 characters long.", null),
              requestId);
        }
        Stored stored = idempotent.get(idempotencyKey);
        if (stored != null) {
          if (stored.method().equals(method) && stored.path().equals(path) && stored.params().equals(params)) {
            return new Answer(stored.status(), stored.body(), true);
          }
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("message", "Keys for idempotent requests can only be used with the same parameters they were first "
              + "used with. Try using a key other than '" + idempotencyKey + "' if you meant to execute a different "
              + "request.");
          e.put("type", "idempotency_error");
          return error(StripeError.of(400, e), requestId);
        }
      }
      Answer answer;
      boolean keep;
      try {
        answer = new Answer(200, Json.write(versions.apply(perform(method, path, params,
            new StripeState.Origin(requestId, idempotencyKey, version)), version)), false);
        keep = true;
      } catch (StripeError e) {
        answer = error(e, requestId);
        keep = e.replayable;
      }
      if (idempotentPost && keep) {
        idempotent.put(idempotencyKey, new Stored(method, path, params, answer.status(), answer.body()));
      }
      return answer;
    }
  }

  /** Finds the operation, checks its parameters and expansions, runs it and expands the answer. */
  private Map<String, Object> perform(String method, String path, Map<String, Object> params,
      StripeState.Origin origin) {
    List<String> ids = new ArrayList<>();
    StripeRoutes.Route route = routes.match(method, path, ids).orElseThrow(() -> StripeError.invalid(404, null,
        "Unrecognized request URL (" + method + ": " + path + "). This fake implements "
            + String.join(", ", routes.operations()) + ".", null));
    parameters.check(route.operation(), params);
    List<String> expand = Expansion.requested(params);
    Expansion.check(route.resultType(), expand);
    Map<String, Object> result = Json.copy(route.handler().handle(new StripeRoutes.Call(ids, params, origin)));
    return Expansion.expand(result, expand, state::lookup);
  }

  private Answer error(StripeError e, String requestId) {
    return new Answer(e.status, Json.write(e.body(requestLogUrl(requestId))), false);
  }

  /** Where Stripe's dashboard shows the request, as every Stripe error names it. */
  private String requestLogUrl(String requestId) {
    return "https://dashboard.stripe.com/test/logs/" + requestId + "?t=" + clock.instant().getEpochSecond();
  }

  // ---------------------------------------------------------------- standalone

  /**
   * Runs the fake until the process is stopped: {@code --port N} (default 12111),
   * {@code --webhook URL} and {@code --webhook-secret whsec_...} to send signed events.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int port = 12111;
    String webhook = null;
    String secret = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> {
          port = Integer.parseInt(Objects.requireNonNull(value, "--port needs a number"));
          i++;
        }
        case "--webhook" -> {
          webhook = value;
          i++;
        }
        case "--webhook-secret" -> {
          secret = value;
          i++;
        }
        default -> {
          System.err.println("usage: FakeStripeServer [--port N] [--webhook URL --webhook-secret whsec_...]");
          System.exit(2);
        }
      }
    }
    FakeStripeServer fake = start(port, Clock.systemUTC());
    if (webhook != null) {
      fake.addWebhookEndpoint(URI.create(webhook), Optional.ofNullable(secret).orElse("whsec_fake"));
    }
    System.out.println("Fake Stripe API listening on " + fake.baseUrl() + " (test-mode keys only: sk_test_... or rk_test_...)");
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    try {
      new java.util.concurrent.CountDownLatch(1).await(); // serve until the process is stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
