package ch.uncloud.testservers.ovh;

import ch.uncloud.testservers.TestCertificate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OVH API fake over HTTPS (the JDK's server on loopback), faithful to OVH's published
 * {@code /order} cart schema and its request signing, for tests and for {@code uncloud fake ovh}.
 * OVH's official clients speak HTTPS only: the fake presents a self-signed certificate for
 * {@code 127.0.0.1} and {@code localhost} made at start ({@link #certificatePem()},
 * {@link #exportCertificate(Path)}), or the key store given to {@link Builder#keyStore}.
 *
 * <p>Signatures are verified over one canonical URL, as OVH verifies over its own endpoint:
 * {@code "https://" + host + path + query}, where the host is {@code 127.0.0.1} (or
 * {@link Builder#canonicalHost}) <em>without the port</em> ({@link #canonicalUrl}). That is the URL
 * OVH's Node client (node-ovh 3.0.0: {@code 'https://' + host + path}) and uncloud's
 * {@code OvhClient} sign when pointed at {@link #baseUrl()}. The API schema documents clients fetch,
 * {@code /1.0/order.json} and {@code /1.0/auth.json}, are served unauthenticated.
 *
 * <p>It is stateful (carts, items, configurations, orders), serves a dedicated-server catalog seeded
 * from {@link SeedServers}, and checks every request as OVH does: the application key, and for
 * signed requests (every request carrying {@code X-Ovh-Consumer}, and every route OVH marks as
 * authenticated) the consumer key, a timestamp within {@link Builder#allowedSkew} of the server's
 * clock ({@code 400 QUERY_TIME_OUT "Query out of time"}) and the signature
 * ({@code 400 INVALID_SIGNATURE "Invalid signature"}), in OVH's error shapes, with an
 * {@code X-Ovh-QueryID} on every answer. Configuration values are checked only at checkout.
 *
 * <p>Faults can be scripted: server errors, slow answers (the request is processed, then the
 * answer is delayed), expired carts, forbidden checkouts, and a server clock offset.
 * Thread-safe.
 */
public final class FakeOvhServer implements AutoCloseable {
  private static final Set<String> SUBSIDIARIES =
      Set.of("CZ", "DE", "ES", "EU", "FI", "FR", "GB", "IE", "IT", "LT", "MA", "NL", "PL", "PT", "SN", "TN");
  private static final BigDecimal VAT = new BigDecimal("0.20");
  private static final List<String> CONFIG_LABELS = List.of("dedicated_datacenter", "dedicated_os", "region");

  private final String applicationKey;
  private final String applicationSecret;
  private final Map<String, Boolean> consumerKeys = new LinkedHashMap<>();
  private final Clock clock;
  private final Duration allowedSkew;
  private final List<SeedServers.Plan> plans;
  private final JsonProvider json = JsonProvider.provider();
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong queryCounter = new AtomicLong();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, Cart> carts = new LinkedHashMap<>();
  private final Map<Long, JsonObject> orders = new LinkedHashMap<>();
  private final HttpsServer server;
  private final TestCertificate certificate;
  private final Path generatedCertificateDir;
  private final String canonicalHost;
  private final ExecutorService executor;
  private long nextItemId = 1000;
  private long nextConfigurationId = 5000;
  private long nextOrderId = 90_000_000;
  private long checkoutsReceived;
  private volatile Duration serverTimeOffset = Duration.ZERO;
  private volatile boolean forbidCheckout;

  private FakeOvhServer(Builder b) throws IOException {
    this.applicationKey = Objects.requireNonNull(b.applicationKey, "application key");
    this.applicationSecret = Objects.requireNonNull(b.applicationSecret, "application secret");
    if (b.consumerKey != null) {
      consumerKeys.put(b.consumerKey, true);
    }
    this.clock = b.clock;
    this.allowedSkew = b.allowedSkew;
    this.plans = List.copyOf(b.plans);
    this.canonicalHost = b.canonicalHost;
    if (b.certificate != null) {
      this.certificate = b.certificate;
      this.generatedCertificateDir = null;
    } else {
      this.generatedCertificateDir = Files.createTempDirectory("fake-ovh-tls");
      this.certificate = TestCertificate.forLoopback(generatedCertificateDir);
    }
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-ovh");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * @return a builder; application key and secret are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return this server, listening
   */
  public FakeOvhServer start() {
    server.start();
    return this;
  }

  /**
   * @return the port it listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * @return the base URL to configure as the OVH endpoint, e.g. {@code https://127.0.0.1:4711/1.0}
   */
  public String baseUrl() {
    return "https://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/1.0";
  }

  /**
   * The URL a request's signature must cover.
   *
   * @param pathAndQuery e.g. {@code /1.0/order/cart?description=x}, raw as sent
   * @return e.g. {@code https://127.0.0.1/1.0/order/cart?description=x}: no port
   */
  public String canonicalUrl(String pathAndQuery) {
    return "https://" + canonicalHost + pathAndQuery;
  }

  /**
   * @return the server's certificate in PEM form, for a client's trust
   */
  public String certificatePem() {
    return certificate.certificatePem();
  }

  /**
   * Writes the server's certificate, e.g. for {@code NODE_EXTRA_CA_CERTS} or
   * {@code uncloud.ovh.trust-certificate}.
   *
   * @param file where to write it (PEM)
   * @return the file
   * @throws UncheckedIOException if it cannot be written
   */
  public Path exportCertificate(Path file) {
    try {
      return Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fake OVH certificate to " + file, e);
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    if (generatedCertificateDir != null) {
      try (var files = Files.list(generatedCertificateDir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(generatedCertificateDir);
      } catch (IOException e) {
        // a temporary directory left behind harms nothing
      }
    }
  }

  // ------------------------------------------------------------------ scripting and inspection

  /**
   * The next request matching method and path prefix gets an OVH server error
   * ({@code Server::InternalServerError}) without being processed.
   *
   * @param method e.g. {@code GET}
   * @param pathPrefix e.g. {@code /order/catalog}, relative to {@code /1.0}
   * @param status e.g. 500 or 503
   */
  public synchronized void failNext(String method, String pathPrefix, int status) {
    faults.add(new Fault(method, pathPrefix, status, null));
  }

  /**
   * The next request matching method and path prefix is processed, then its answer is delayed.
   *
   * @param method e.g. {@code POST}
   * @param pathPrefix relative to {@code /1.0}; matches when the path contains it
   * @param delay how long to wait before answering
   */
  public synchronized void delayNext(String method, String pathPrefix, Duration delay) {
    faults.add(new Fault(method, pathPrefix, 0, delay));
  }

  /**
   * @param offset how far the server's clock is ahead of the injected clock (negative: behind)
   */
  public void serverTimeOffset(Duration offset) {
    this.serverTimeOffset = offset;
  }

  /**
   * @param forbidden whether checkouts are refused with {@code 403 Client::Forbidden}
   */
  public void forbidCheckout(boolean forbidden) {
    this.forbidCheckout = forbidden;
  }

  /**
   * @param cartId a cart that should expire now
   */
  public synchronized void expireCart(String cartId) {
    Cart cart = carts.get(cartId);
    if (cart == null) {
      throw new IllegalArgumentException("no cart " + cartId);
    }
    cart.expire = now().minusSeconds(1);
  }

  /**
   * Validates a consumer key obtained from {@code POST /auth/credential}, as the account owner does
   * at the validation URL.
   *
   * @param consumerKey the key
   */
  public synchronized void validateConsumerKey(String consumerKey) {
    if (!consumerKeys.containsKey(consumerKey)) {
      throw new IllegalArgumentException("unknown consumer key");
    }
    consumerKeys.put(consumerKey, true);
  }

  /**
   * @return every request received, in order
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * @return how many checkouts ({@code POST .../checkout}) passed authentication, accepted or not
   */
  public synchronized long checkoutsReceived() {
    return checkoutsReceived;
  }

  /**
   * @return how many sales orders were created
   */
  public synchronized int orderCount() {
    return orders.size();
  }

  /**
   * @return the ids of every cart
   */
  public synchronized List<String> cartIds() {
    return List.copyOf(carts.keySet());
  }

  /**
   * @param cartId a cart
   * @return whether it was checked out
   */
  public synchronized boolean isCartValidated(String cartId) {
    Cart cart = carts.get(cartId);
    return cart != null && cart.readOnly;
  }

  /**
   * A request as received.
   *
   * @param method HTTP method
   * @param path path and query relative to {@code /1.0}
   * @param body the body text
   * @param signed whether it carried a consumer key
   */
  public record RecordedRequest(String method, String path, String body, boolean signed) {
  }

  private record Fault(String method, String pathPrefix, int status, Duration delay) {
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange exchange) throws IOException {
    String queryId = "FAKE.ext-1." + Long.toHexString(random.nextLong() & 0xffffffffL) + "."
        + queryCounter.incrementAndGet();
    Answer answer;
    Duration delay = null;
    try (InputStream in = exchange.getRequestBody()) {
      String method = exchange.getRequestMethod();
      String rawPath = exchange.getRequestURI().getRawPath();
      String rawQuery = exchange.getRequestURI().getRawQuery();
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String path = rawPath.startsWith("/1.0") ? rawPath.substring(4) : rawPath;
      boolean signed = exchange.getRequestHeaders().getFirst("X-Ovh-Consumer") != null;
      requests.add(new RecordedRequest(method, path + (rawQuery == null ? "" : "?" + rawQuery), body, signed));
      Fault fault = takeFault(method, path);
      if (fault != null && fault.delay() == null) {
        answer = error(fault.status(), "Server::InternalServerError", "Internal server error");
      } else {
        delay = fault == null ? null : fault.delay();
        answer = process(exchange, method, rawPath, path, rawQuery, body);
      }
    } catch (RuntimeException e) {
      answer = error(500, "Server::InternalServerError", "Internal server error");
    }
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
    }
    byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().add("X-Ovh-QueryID", queryId);
    try {
      exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // the client gave up (timeout); the request was processed all the same, as at OVH
    } finally {
      exchange.close();
    }
  }

  private synchronized Fault takeFault(String method, String path) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.method().equalsIgnoreCase(method) && path.contains(f.pathPrefix())) {
        return faults.remove(i);
      }
    }
    return null;
  }

  private record Answer(int status, String body) {
  }

  private synchronized Answer process(HttpExchange exchange, String method, String rawPath, String path,
      String rawQuery, String body) {
    if (OvhSchemas.serves(method, rawPath)) {
      return ok(OvhSchemas.document(rawPath));
    }
    String[] parts = path.split("/");
    boolean authRoute = needsAuthentication(method, parts);
    Answer denied = authenticate(exchange, method, rawPath, rawQuery, body, authRoute);
    if (denied != null) {
      return denied;
    }
    JsonObject input = null;
    if (!body.isEmpty()) {
      try (var reader = json.createReader(new StringReader(body))) {
        JsonValue v = reader.readValue();
        if (!(v instanceof JsonObject o)) {
          return error(400, "Client::BadRequest", "The input provided isn't valid: expected an object");
        }
        input = o;
      } catch (RuntimeException e) {
        return error(400, "Client::BadRequest", "Invalid JSON received");
      }
    }
    Map<String, String> query = query(rawQuery);
    return route(method, parts, query, input == null ? JsonValue.EMPTY_JSON_OBJECT : input);
  }

  private static boolean needsAuthentication(String method, String[] p) {
    // p[0] is empty (the path starts with /); per the schema's noAuthentication flags
    if (p.length == 3 && p[1].equals("order") && p[2].equals("cart")) {
      return method.equals("GET");
    }
    if (p.length == 4 && p[1].equals("order") && p[2].equals("cart")) {
      return method.equals("DELETE");
    }
    if (p.length == 5 && p[1].equals("order") && p[2].equals("cart")) {
      return p[4].equals("assign") || p[4].equals("checkout");
    }
    if (p.length >= 3 && p[1].equals("auth")) {
      return !(p[2].equals("time") || p[2].equals("credential"));
    }
    return false;
  }

  private Answer authenticate(HttpExchange exchange, String method, String rawPath, String rawQuery, String body,
      boolean authRoute) {
    var h = exchange.getRequestHeaders();
    String ak = h.getFirst("X-Ovh-Application");
    if (rawPath.endsWith("/auth/time") || OvhSchemas.serves(method, rawPath)) {
      return null; // public: OVH's clients call them before they can sign anything
    }
    if (ak == null || !constantTimeEquals(ak, applicationKey)) {
      return legacyError(403, "INVALID_KEY", "Invalid application key");
    }
    String ck = h.getFirst("X-Ovh-Consumer");
    if (ck == null) {
      return authRoute ? error(401, "Client::Unauthorized", "You must login first") : null;
    }
    Boolean validated = consumerKeys.get(ck);
    if (validated == null) {
      return legacyError(403, "INVALID_CREDENTIAL", "This credential does not exist");
    }
    if (!validated) {
      return legacyError(403, "NOT_CREDENTIAL", "This credential is not valid");
    }
    String ts = h.getFirst("X-Ovh-Timestamp");
    long timestamp;
    try {
      timestamp = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return legacyError(400, "QUERY_TIME_OUT", "Query out of time");
    }
    if (Math.abs(timestamp - now().getEpochSecond()) > allowedSkew.toSeconds()) {
      return legacyError(400, "QUERY_TIME_OUT", "Query out of time");
    }
    String url = canonicalUrl(rawPath + (rawQuery == null ? "" : "?" + rawQuery));
    String expected = sign(applicationSecret, ck, method, url, body, timestamp);
    if (!constantTimeEquals(expected, h.getFirst("X-Ovh-Signature"))) {
      return legacyError(400, "INVALID_SIGNATURE", "Invalid signature");
    }
    return null;
  }

  static String sign(String as, String ck, String method, String url, String body, long timestamp) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((as + "+" + ck + "+" + method + "+" + url + "+" + body
          + "+" + timestamp).getBytes(StandardCharsets.UTF_8));
      return "$1$" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private Instant now() {
    return clock.instant().plus(serverTimeOffset);
  }

  // ------------------------------------------------------------------ routes

  private Answer route(String method, String[] p, Map<String, String> query, JsonObject in) {
    String route = method + " " + String.join("/", p);
    if (route.equals("GET /auth/time")) {
      return ok(Long.toString(now().getEpochSecond()));
    }
    if (route.equals("POST /auth/credential")) {
      return credential(in);
    }
    if (route.equals("GET /order/catalog/formatted/dedicated")) {
      return catalog(query.get("ovhSubsidiary"));
    }
    if (route.equals("GET /order/catalog/public/baremetalServers")) {
      String subsidiary = query.get("ovhSubsidiary");
      return subsidiary == null || !SUBSIDIARIES.contains(subsidiary)
          ? error(400, "Client::BadRequest", "Invalid value for parameter ovhSubsidiary")
          : ok(PublicCatalog.of(json, plans, subsidiary));
    }
    if (p.length < 3 || !p[1].equals("order") || !p[2].equals("cart")) {
      return error(404, "Client::NotFound", "Got an invalid (or empty) URL");
    }
    if (p.length == 3) {
      return method.equals("POST") ? createCart(in) : method.equals("GET") ? listCarts(query.get("description"))
          : notAllowed();
    }
    Cart cart = carts.get(p[3]);
    if (cart == null) {
      return error(404, "Client::NotFound", "The requested object (cartId = " + p[3] + ") does not exist");
    }
    if (cart.expire.isBefore(now())) {
      return error(460, "Client::Gone", "The cart " + cart.id + " has expired; create a new one");
    }
    if (p.length == 4) {
      switch (method) {
        case "GET":
          return ok(cartJson(cart));
        case "PUT":
          if (in.containsKey("description")) {
            cart.description = in.getString("description");
          }
          if (in.containsKey("expire")) {
            cart.expire = Instant.parse(in.getString("expire"));
          }
          return ok(cartJson(cart));
        case "DELETE":
          carts.remove(cart.id);
          return ok("null");
        default:
          return notAllowed();
      }
    }
    String action = p[4];
    if (p.length == 5) {
      switch (method + " " + action) {
        case "POST dedicated":
          return addServer(cart, in);
        case "GET dedicated":
          return ok(array(plans.stream().map(this::productDefinition).toList()));
        case "GET item":
          return ok(longs(cart.items.keySet()));
        case "POST assign":
          cart.assigned = true;
          return ok("null");
        case "GET checkout":
          return checkoutPreview(cart);
        case "POST checkout":
          return checkout(cart, in);
        default:
          return notAllowed();
      }
    }
    if (!action.equals("item")) {
      return notAllowed();
    }
    Item item;
    try {
      item = cart.items.get(Long.parseLong(p[5]));
    } catch (NumberFormatException e) {
      item = null;
    }
    if (item == null) {
      return error(404, "Client::NotFound", "The requested object (itemId = " + p[5] + ") does not exist");
    }
    if (p.length == 6) {
      switch (method) {
        case "GET":
          return ok(itemJson(cart, item));
        case "DELETE":
          if (cart.readOnly) {
            return readOnly(cart);
          }
          cart.items.remove(item.id);
          return ok("null");
        default:
          return notAllowed();
      }
    }
    String sub = p[6];
    if (p.length == 7 && sub.equals("requiredConfiguration") && method.equals("GET")) {
      JsonArrayBuilder out = json.createArrayBuilder();
      for (String label : CONFIG_LABELS) {
        out.add(json.createObjectBuilder().add("fields", JsonValue.NULL).add("label", label).add("required", true)
            .add("type", "string"));
      }
      return ok(out.build());
    }
    if (sub.equals("configuration")) {
      if (p.length == 7 && method.equals("GET")) {
        String label = query.get("label");
        return ok(longs(item.configurations.entrySet().stream()
            .filter(e -> label == null || e.getValue()[0].equals(label)).map(Map.Entry::getKey).toList()));
      }
      if (p.length == 7 && method.equals("POST")) {
        if (cart.readOnly) {
          return readOnly(cart);
        }
        if (!(in.get("label") instanceof JsonString) || !(in.get("value") instanceof JsonString)) {
          return error(400, "Client::BadRequest", "The input provided isn't valid: 'label' and 'value' are required properties");
        }
        long id = nextConfigurationId++;
        item.configurations.put(id, new String[] {in.getString("label"), in.getString("value")});
        return ok(configurationJson(id, item.configurations.get(id)));
      }
      if (p.length == 8) {
        Long id = parseLong(p[7]);
        String[] c = id == null ? null : item.configurations.get(id);
        if (c == null) {
          return error(404, "Client::NotFound", "The requested object (configurationId = " + p[7] + ") does not exist");
        }
        if (method.equals("GET")) {
          return ok(configurationJson(id, c));
        }
        if (method.equals("DELETE")) {
          item.configurations.remove(id);
          return ok("null");
        }
      }
    }
    return notAllowed();
  }

  private Answer credential(JsonObject in) {
    if (!(in.get("accessRules") instanceof jakarta.json.JsonArray rules) || rules.isEmpty()) {
      return error(400, "Client::BadRequest", "The input provided isn't valid: 'accessRules' is a required property");
    }
    String ck = token(32);
    consumerKeys.put(ck, false);
    return ok(json.createObjectBuilder().add("consumerKey", ck).add("state", "pendingValidation")
        .add("validationUrl", "https://www.ovh.com/auth/sso/api?credentialToken=" + token(64)).build());
  }

  private Answer catalog(String subsidiary) {
    if (subsidiary == null || !SUBSIDIARIES.contains(subsidiary)) {
      return error(400, "Client::BadRequest", "Invalid value for parameter ovhSubsidiary");
    }
    JsonArrayBuilder products = json.createArrayBuilder();
    Map<String, JsonArrayBuilder> families = new LinkedHashMap<>();
    List<String> allDatacenters = new ArrayList<>();
    for (SeedServers.Plan plan : plans) {
      families.computeIfAbsent(plan.family(), f -> json.createArrayBuilder()).add(plan.planCode());
      plan.datacenters().stream().filter(d -> !allDatacenters.contains(d)).forEach(allDatacenters::add);
      products.add(json.createObjectBuilder()
          .add("addonsFamily", JsonValue.EMPTY_JSON_ARRAY)
          .add("code", plan.planCode())
          .add("compatibilities", JsonValue.NULL)
          .add("datacenters", strings(plan.datacenters()))
          .add("derivatives", JsonValue.NULL)
          .add("family", plan.family())
          .add("invoiceName", plan.invoiceName())
          .add("isChildOf", JsonValue.NULL)
          .add("isParentOf", JsonValue.NULL)
          .add("prices", json.createObjectBuilder().add("default", json.createObjectBuilder()
              .add("installation", price(plan.installationPrice())).add("renew", price(plan.monthlyPrice())))
              .add("hardzone", JsonValue.NULL).add("week", JsonValue.NULL))
          .add("specifications", json.createObjectBuilder()
              .add("cpu", JsonValue.NULL)
              .add("disks", JsonValue.EMPTY_JSON_ARRAY)
              .add("gpu", JsonValue.NULL)
              .add("memory", json.createObjectBuilder().add("planCode", JsonValue.NULL).add("size", plan.memoryGb())
                  .add("type", "DDR4"))
              .add("network", json.createObjectBuilder().add("failover", 0).add("internal", 0).add("ip", 1)
                  .add("outgoing", 1000).add("private", 0).add("privateBandwidth", 0))));
    }
    JsonArrayBuilder familyArray = json.createArrayBuilder();
    families.forEach((name, codes) -> familyArray.add(json.createObjectBuilder().add("name", name).add("products", codes)));
    BigDecimal min = plans.stream().map(SeedServers.Plan::monthlyPrice).min(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    BigDecimal max = plans.stream().map(SeedServers.Plan::monthlyPrice).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    JsonObject metadata = json.createObjectBuilder()
        .add("catalog", 4242)
        .add("core", json.createObjectBuilder().add("max", 16).add("min", 1))
        .add("currency", json.createObjectBuilder().add("code", "EUR").add("description", "Euro").add("symbol", "€"))
        .add("datacenters", strings(allDatacenters))
        .add("frequency", json.createObjectBuilder().add("max", 4.5).add("min", 1.8))
        .add("merchant", subsidiary)
        .add("price", json.createObjectBuilder().add("max", max).add("min", min))
        .add("ram", json.createObjectBuilder().add("max", 512).add("min", 4))
        .build();
    return ok(json.createObjectBuilder().add("families", familyArray).add("metadatas", metadata)
        .add("products", products).add("techDetails", JsonValue.EMPTY_JSON_ARRAY).build());
  }

  private Answer createCart(JsonObject in) {
    if (!(in.get("ovhSubsidiary") instanceof JsonString s) || !SUBSIDIARIES.contains(s.getString())) {
      return error(400, "Client::BadRequest", "invalid ovhSubsidiary");
    }
    Cart cart = new Cart(token(16).toLowerCase(java.util.Locale.ROOT));
    cart.subsidiary = s.getString();
    cart.description = in.getString("description", "");
    try {
      cart.expire = in.containsKey("expire") ? Instant.parse(in.getString("expire")) : now().plus(Duration.ofDays(1));
    } catch (RuntimeException e) {
      return error(400, "Client::BadRequest", "The input provided isn't valid: 'expire' is not a datetime");
    }
    carts.put(cart.id, cart);
    return ok(cartJson(cart));
  }

  private Answer listCarts(String description) {
    return ok(strings(carts.values().stream().filter(c -> description == null || description.equals(c.description))
        .map(c -> c.id).toList()));
  }

  private Answer addServer(Cart cart, JsonObject in) {
    if (cart.readOnly) {
      return readOnly(cart);
    }
    for (String required : List.of("duration", "planCode", "pricingMode", "quantity")) {
      if (!in.containsKey(required)) {
        return error(400, "Client::BadRequest", "The input provided isn't valid: '" + required + "' is a required property");
      }
    }
    String planCode = in.getString("planCode", "");
    SeedServers.Plan plan = plans.stream().filter(x -> x.planCode().equals(planCode)).findFirst().orElse(null);
    if (plan == null) {
      return error(400, "Client::BadRequest", "Offer " + planCode + " is not available in the catalog");
    }
    if (!"P1M".equals(in.getString("duration", null)) || !"default".equals(in.getString("pricingMode", null))) {
      return error(400, "Client::BadRequest", "No price found for duration " + in.get("duration") + " and pricing mode "
          + in.get("pricingMode"));
    }
    if (!(in.get("quantity") instanceof JsonNumber q) || q.longValue() < 1) {
      return error(400, "Client::BadRequest", "The input provided isn't valid: 'quantity' must be at least 1");
    }
    Item item = new Item(nextItemId++, plan, q.longValue());
    cart.items.put(item.id, item);
    return ok(itemJson(cart, item));
  }

  private Answer checkoutPreview(Cart cart) {
    if (!cart.assigned) {
      return error(403, "Client::Forbidden", "This cart is not assigned to your account; assign it first");
    }
    return ok(orderJson(cart, JsonValue.NULL, JsonValue.NULL));
  }

  private Answer checkout(Cart cart, JsonObject in) {
    checkoutsReceived++;
    if (forbidCheckout || !cart.assigned) {
      return error(403, "Client::Forbidden", "You are not allowed");
    }
    if (cart.readOnly) {
      return readOnly(cart);
    }
    if (cart.items.isEmpty()) {
      return error(400, "Client::BadRequest", "The cart is empty");
    }
    List<String> problems = new ArrayList<>();
    for (Item item : cart.items.values()) {
      for (String label : CONFIG_LABELS) {
        List<String> values = item.configurations.values().stream().filter(c -> c[0].equals(label)).map(c -> c[1]).toList();
        if (values.isEmpty()) {
          problems.add("Custom field " + label + " is mandatory for product " + item.plan.planCode());
        } else if (values.size() > 1) {
          return error(400, "Client::BadRequest", "Custom field " + label + " is duplicated for product "
              + item.plan.planCode());
        } else if (!allowed(item.plan, label, values.get(0))) {
          return error(400, "Client::BadRequest", "Value '" + values.get(0) + "' is not allowed for custom field "
              + label + " of product " + item.plan.planCode());
        }
      }
    }
    if (!problems.isEmpty()) {
      return ok(400, json.createObjectBuilder().add("message", String.join("\n", problems)).build().toString());
    }
    for (String flag : List.of("waiveRetractationPeriod", "autoPayWithPreferredPaymentMethod")) {
      JsonValue v = in.get(flag);
      if (v != null && v != JsonValue.TRUE && v != JsonValue.FALSE) {
        return error(400, "Client::BadRequest", "The input provided isn't valid: '" + flag + "' must be a boolean");
      }
    }
    long orderId = nextOrderId++;
    cart.readOnly = true;
    JsonObject order = orderJson(cart, json.createValue(orderId),
        json.createValue("https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=" + orderId));
    orders.put(orderId, order);
    return ok(order);
  }

  private static boolean allowed(SeedServers.Plan plan, String label, String value) {
    switch (label) {
      case "dedicated_datacenter":
        return plan.datacenters().contains(value);
      case "dedicated_os":
        return SeedServers.OPERATING_SYSTEMS.contains(value);
      default:
        return SeedServers.REGIONS.contains(value);
    }
  }

  // ------------------------------------------------------------------ JSON shapes

  private JsonObject cartJson(Cart cart) {
    return json.createObjectBuilder().add("cartId", cart.id).add("description", cart.description)
        .add("expire", cart.expire.toString()).add("items", longs(cart.items.keySet())).add("readOnly", cart.readOnly)
        .build();
  }

  private JsonObject itemJson(Cart cart, Item item) {
    return json.createObjectBuilder()
        .add("cartId", cart.id)
        .add("configurations", longs(item.configurations.keySet()))
        .add("duration", "P1M")
        .add("itemId", item.id)
        .add("offerId", JsonValue.NULL)
        .add("options", JsonValue.EMPTY_JSON_ARRAY)
        .add("parentItemId", JsonValue.NULL)
        .add("prices", json.createArrayBuilder()
            .add(json.createObjectBuilder().add("label", "PRICE").add("price", price(item.plan.monthlyPrice()))
                .add("promotions", JsonValue.NULL))
            .add(json.createObjectBuilder().add("label", "FEE").add("price", price(item.plan.installationPrice()))
                .add("promotions", JsonValue.NULL))
            .add(json.createObjectBuilder().add("label", "TOTAL").add("price", price(firstMonth(item)))
                .add("promotions", JsonValue.NULL)))
        .add("productId", "dedicated")
        .add("settings", json.createObjectBuilder().add("planCode", item.plan.planCode()).add("pricingMode", "default")
            .add("quantity", item.quantity))
        .build();
  }

  private JsonObject productDefinition(SeedServers.Plan plan) {
    return json.createObjectBuilder().add("planCode", plan.planCode()).add("productName", plan.invoiceName())
        .add("productType", "delivery").add("prices", JsonValue.EMPTY_JSON_ARRAY).build();
  }

  private static BigDecimal firstMonth(Item item) {
    return item.plan.firstMonthPrice().multiply(BigDecimal.valueOf(item.quantity));
  }

  private JsonObject orderJson(Cart cart, JsonValue orderId, JsonValue url) {
    BigDecimal withoutTax = BigDecimal.ZERO;
    JsonArrayBuilder details = json.createArrayBuilder();
    for (Item item : cart.items.values()) {
      BigDecimal total = firstMonth(item);
      withoutTax = withoutTax.add(total);
      details.add(json.createObjectBuilder()
          .add("cartItemID", item.id)
          .add("description", item.plan.invoiceName())
          .add("detailType", "DURATION")
          .add("domain", "*001")
          .add("originalTotalPrice", price(total))
          .add("quantity", item.quantity)
          .add("reductionTotalPrice", price(BigDecimal.ZERO))
          .add("reductions", JsonValue.EMPTY_JSON_ARRAY)
          .add("totalPrice", price(total))
          .add("unitPrice", price(item.plan.firstMonthPrice())));
    }
    BigDecimal tax = withoutTax.multiply(VAT).setScale(2, RoundingMode.HALF_UP);
    return json.createObjectBuilder()
        .add("contracts", json.createArrayBuilder().add(json.createObjectBuilder().add("name", "General terms")
            .add("url", "https://www.ovh.com/fr/support/documents_legaux/conditions_generales.pdf")
            .add("content", "General terms of service")))
        .add("details", details)
        .add("orderId", orderId)
        .add("prices", json.createObjectBuilder()
            .add("originalWithoutTax", price(withoutTax))
            .add("reduction", price(BigDecimal.ZERO))
            .add("tax", price(tax))
            .add("withTax", price(withoutTax.add(tax)))
            .add("withoutTax", price(withoutTax)))
        .add("url", url)
        .build();
  }

  private JsonObject price(BigDecimal amount) {
    BigDecimal value = amount.setScale(2, RoundingMode.HALF_UP);
    return json.createObjectBuilder()
        .add("currencyCode", "EUR")
        .add("priceInUcents", amount.movePointRight(8).longValueExact())
        .add("text", value.toPlainString() + " €")
        .add("value", value)
        .build();
  }

  private JsonObject configurationJson(long id, String[] c) {
    return json.createObjectBuilder().add("id", id).add("label", c[0]).add("value", c[1]).build();
  }

  private JsonValue strings(List<String> values) {
    JsonArrayBuilder a = json.createArrayBuilder();
    values.forEach(a::add);
    return a.build();
  }

  private JsonValue longs(java.util.Collection<Long> values) {
    JsonArrayBuilder a = json.createArrayBuilder();
    values.forEach(a::add);
    return a.build();
  }

  private JsonValue array(List<JsonObject> values) {
    JsonArrayBuilder a = json.createArrayBuilder();
    values.forEach(a::add);
    return a.build();
  }

  private Answer ok(JsonValue value) {
    StringWriter out = new StringWriter();
    try (var writer = json.createWriter(out)) {
      writer.write(value);
    }
    return new Answer(200, out.toString());
  }

  private static Answer ok(String text) {
    return new Answer(200, text);
  }

  private static Answer ok(int status, String text) {
    return new Answer(status, text);
  }

  private Answer error(int status, String errorClass, String message) {
    return new Answer(status, json.createObjectBuilder().add("class", errorClass).add("message", message).build().toString());
  }

  private Answer legacyError(int status, String errorCode, String message) {
    String httpCode = status + (status == 400 ? " Bad Request" : status == 403 ? " Forbidden" : "");
    return new Answer(status, json.createObjectBuilder().add("errorCode", errorCode).add("httpCode", httpCode)
        .add("message", message).build().toString());
  }

  private Answer notAllowed() {
    return error(405, "Client::MethodNotAllowed", "Method not allowed on this route");
  }

  private Answer readOnly(Cart cart) {
    return error(403, "Client::Forbidden", "The cart " + cart.id + " has already been validated and is read-only");
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static final class Cart {
    final String id;
    final Map<Long, Item> items = new LinkedHashMap<>();
    String subsidiary;
    String description;
    Instant expire;
    boolean assigned;
    boolean readOnly;

    Cart(String id) {
      this.id = id;
    }
  }

  private static final class Item {
    final long id;
    final SeedServers.Plan plan;
    final long quantity;
    final Map<Long, String[]> configurations = new LinkedHashMap<>();

    Item(long id, SeedServers.Plan plan, long quantity) {
      this.id = id;
      this.plan = plan;
      this.quantity = quantity;
    }
  }

  // ------------------------------------------------------------------ standalone

  /**
   * Runs the fake until the process is stopped: {@code --port N [--app-key AK --app-secret AS
   * --consumer-key CK]}. Missing credentials are generated and printed.
   *
   * @param args the command line
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    FakeOvhServer server = start(args, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    new java.util.concurrent.CountDownLatch(1).await();
  }

  /**
   * Starts a fake from command-line options, as {@code uncloud fake ovh} does.
   *
   * @param args {@code --port N [--app-key AK --app-secret AS --consumer-key CK]}; generated credentials
   *     are printed (they are test credentials, printing them is the point)
   * @param out where to print the endpoint and credentials
   * @return the started server; the caller closes it
   * @throws IOException if the port cannot be bound
   * @throws IllegalArgumentException for an unknown option or a missing value
   */
  public static FakeOvhServer start(String[] args, java.io.PrintStream out) throws IOException {
    Builder b = builder();
    SecureRandom r = new SecureRandom();
    String ak = null;
    String as = null;
    String ck = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> b.port(Integer.parseInt(value));
        case "--app-key" -> ak = value;
        case "--app-secret" -> as = value;
        case "--consumer-key" -> ck = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
      }
    }
    ak = ak != null ? ak : HexFormat.of().formatHex(r.generateSeed(8));
    as = as != null ? as : HexFormat.of().formatHex(r.generateSeed(16));
    ck = ck != null ? ck : HexFormat.of().formatHex(r.generateSeed(16));
    FakeOvhServer server = b.applicationKey(ak).applicationSecret(as).consumerKey(ck).build().start();
    out.println("fake OVH API listening on " + server.baseUrl());
    out.println("  uncloud.ovh.endpoint=" + server.baseUrl());
    Path pem = server.exportCertificate(Files.createTempFile("fake-ovh-", ".pem"));
    pem.toFile().deleteOnExit();
    out.println("  uncloud.ovh.trust-certificate=" + pem + "   (its self-signed certificate; Node: NODE_EXTRA_CA_CERTS="
        + pem + ")");
    out.println("  signatures cover " + server.canonicalUrl("/1.0/...") + " (no port), as node-ovh signs");
    out.println("  application key " + ak + ", application secret " + as + ", consumer key " + ck
        + " (test credentials)");
    return server;
  }

  private static final String USAGE = "usage: --port N [--app-key AK --app-secret AS --consumer-key CK]";

  /** Builds a {@link FakeOvhServer}. Not thread-safe. */
  public static final class Builder {
    private String applicationKey;
    private String applicationSecret;
    private String consumerKey;
    private Clock clock = Clock.systemUTC();
    private Duration allowedSkew = Duration.ofSeconds(60);
    private List<SeedServers.Plan> plans = SeedServers.plans();
    private int port;
    private String canonicalHost = "127.0.0.1";
    private TestCertificate certificate;

    private Builder() {}

    /**
     * @param host the host signatures must name, without a port (default {@code 127.0.0.1}); e.g.
     *     {@code localhost} for clients that address the server so
     * @return this builder
     */
    public Builder canonicalHost(String host) {
      if (host.contains(":") || host.contains("/")) {
        throw new IllegalArgumentException("a canonical host is a bare host name, without port or path: " + host);
      }
      this.canonicalHost = host;
      return this;
    }

    /**
     * @param keyStore the server's certificate and key (default: a self-signed one made at start)
     * @return this builder
     */
    public Builder keyStore(TestCertificate keyStore) {
      this.certificate = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    /**
     * @param key the application key the fake accepts
     * @return this builder
     */
    public Builder applicationKey(String key) {
      this.applicationKey = key;
      return this;
    }

    /**
     * @param secret the application secret signatures are checked with
     * @return this builder
     */
    public Builder applicationSecret(String secret) {
      this.applicationSecret = secret;
      return this;
    }

    /**
     * @param key a consumer key the fake accepts as validated
     * @return this builder
     */
    public Builder consumerKey(String key) {
      this.consumerKey = key;
      return this;
    }

    /**
     * @param clock the server's clock (before {@link #serverTimeOffset})
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param skew how far a signed timestamp may be from the server's time (default 60 s)
     * @return this builder
     */
    public Builder allowedSkew(Duration skew) {
      this.allowedSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /**
     * @param seed the catalog (default {@link SeedServers#plans()})
     * @return this builder
     */
    public Builder plans(List<SeedServers.Plan> seed) {
      this.plans = List.copyOf(seed);
      return this;
    }

    /**
     * @param port the port, 0 for any free one (default)
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * @return the server, not yet started
     * @throws IOException if the port cannot be bound
     */
    public FakeOvhServer build() throws IOException {
      return new FakeOvhServer(this);
    }
  }
}
