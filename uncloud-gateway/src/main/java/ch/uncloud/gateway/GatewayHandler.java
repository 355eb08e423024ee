package ch.uncloud.gateway;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Readiness;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.api.credit.StartDecision;
import ch.uncloud.api.payments.PaymentEvents;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's REST protocol over the {@link CreditService}: {@code POST /charge}, {@code /deposit},
 * {@code /reverse} (form-encoded), {@code GET /balance}, {@code /may-start}, {@code /settlement}
 * (query parameters, admin credentials there or as HTTP Basic auth) and {@code GET /health}.
 *
 * <p>Every answer is JSON (the settlement also as CSV); errors are {@code {error, message}} with the
 * {@link UncloudException#errorCode()} and the status of its category. Forms are parsed strictly
 * (see {@link FormParser}); unknown, missing and repeated fields are refused before anything is
 * booked. Passwords never appear in answers or logs. Blocking; runs on Jetty's worker threads.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final JsonProvider JSON = JsonProvider.provider();

  private static final String ADMIN = "admin_username";
  private static final String PASSWORD = "admin_password";
  private static final String KEY = "idempotency_key";
  private static final Set<String> CHARGE_FIELDS = Set.of(ADMIN, PASSWORD, "service_name", "username", "amount",
      "currency", "payment_comment", KEY);
  private static final Set<String> DEPOSIT_FIELDS = Set.of(ADMIN, PASSWORD, "service_name", "username", "amount",
      "currency", "payment_comment", KEY);
  private static final Set<String> REVERSE_FIELDS = Set.of(ADMIN, PASSWORD, "charge_id", "reason", KEY);
  private static final Set<String> BALANCE_FIELDS = Set.of(ADMIN, PASSWORD, "username", "get_amount_available");
  private static final Set<String> MAY_START_FIELDS = Set.of(ADMIN, PASSWORD, "service_name", "username");
  private static final Set<String> SETTLEMENT_FIELDS = Set.of(ADMIN, PASSWORD, "service_name", "quarter");

  /** How long each component may take to answer {@code /health/ready}. */
  static final java.time.Duration READY_TIMEOUT = java.time.Duration.ofSeconds(2);

  private final Uncloud uncloud;
  private final CreditService credit;
  private final PaymentEvents paymentEvents;
  private final ShopApi shop;
  private final CustomerApi customer;
  private final AdminApi admin;
  private final LoginRateLimiter limiter;
  private final int maxBodyBytes;
  private final BookingRefusals bookingRefusals;
  private final HoldRoutes holds;
  private WebPages pages;

  CreditService credit() {
    return credit;
  }

  GatewayHandler(Uncloud uncloud, ShopApi shop, LoginRateLimiter limiter, int maxBodyBytes) {
    this.uncloud = uncloud;
    this.credit = uncloud.credit();
    this.paymentEvents = uncloud.paymentEvents();
    this.admin = new AdminApi(uncloud, this);
    this.shop = shop;
    this.customer = shop == null ? null : new CustomerApi(shop.uncloud(), shop);
    this.limiter = limiter;
    this.maxBodyBytes = maxBodyBytes;
    this.bookingRefusals = new BookingRefusals(credit);
    this.holds = new HoldRoutes(this);
  }

  /** @return counts what the booking routes refuse before they call the credit service */
  BookingRefusals bookingRefusals() {
    return bookingRefusals;
  }

  /** Serves the web pages under {@code /app/} too. */
  void servePages(WebPages webPages) {
    this.pages = webPages;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (pages != null && WebPages.owns(Request.getPathInContext(request))) {
      pages.handle(request, response, callback);
      return true;
    }
    try {
      Answer answer = route(request);
      send(response, callback, answer);
    } catch (GatewayError e) {
      send(response, callback, error(e.status(), e.code(), e.getMessage()).withHeaders(e.headers()));
    } catch (UncloudException e) {
      Answer answer = errorAnswer(e);
      if (e.isRetryable()) {
        answer = answer.withHeaders(Map.of("Retry-After", "5"));
      }
      if (e.category().httpStatus() >= 500) {
        LOG.warn("{} {} failed: {} ({})", request.getMethod(), Request.getPathInContext(request), e.errorCode(),
            e.getMessage());
      }
      send(response, callback, answer);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed unexpectedly", request.getMethod(), Request.getPathInContext(request), e);
      send(response, callback, error(500, "internal_error", "the server failed; its log has the details"));
    }
    return true;
  }

  private Answer route(Request request) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.startsWith(AdminApi.PREFIX)) {
      return admin.route(request, path.substring(AdminApi.PREFIX.length()), method);
    }
    if (path.startsWith(ShopApi.PREFIX)) {
      Answer own = customer == null ? null : customer.route(request, path.substring(ShopApi.PREFIX.length()), method);
      if (own != null) {
        return own;
      }
      if (shop == null) {
        throw new GatewayError(404, "no_such_endpoint", "the shop is not configured on this server; its operator sets "
            + "uncloud.shop-store (see the README)");
      }
      return shop.route(request, path.substring(ShopApi.PREFIX.length()), method);
    }
    return switch (path) {
      case "/charge" -> { requireMethod(method, "POST"); yield charge(request); }
      case "/deposit" -> { requireMethod(method, "POST"); yield deposit(request); }
      case "/reverse" -> { requireMethod(method, "POST"); yield reverse(request); }
      case "/balance" -> { requireMethod(method, "GET"); yield balance(request); }
      case "/may-start" -> { requireMethod(method, "GET"); yield mayStart(request); }
      case "/settlement" -> { requireMethod(method, "GET"); yield settlement(request); }
      case "/stripe/webhook" -> { requireMethod(method, "POST"); yield paymentWebhook(request); }
      case HoldRoutes.HOLD, HoldRoutes.CAPTURE, HoldRoutes.RELEASE -> {
        requireMethod(method, "POST");
        yield holds.route(request, path);
      }
      case "/openapi.json" -> {
        requireMethod(method, "GET");
        query(request, Set.of());
        yield new Answer(200, "application/json", OpenApiDocument.served(), Map.of());
      }
      case "/health", "/health/live" -> {
        requireMethod(method, "GET");
        query(request, Set.of());
        yield json(200, JSON.createObjectBuilder().add("status", "ok").build());
      }
      case "/health/ready" -> {
        requireMethod(method, "GET");
        query(request, Set.of());
        yield readiness();
      }
      default -> throw new GatewayError(404, "no_such_endpoint", "there is no endpoint " + Texts.shown(path)
          + "; use /charge, /deposit, /reverse, /balance, /may-start, /settlement, /health, /api/v1/products or /openapi.json");
    };
  }

  // --- endpoints ---

  /** 200 when the ledger and the directory answer within {@link #READY_TIMEOUT}, else 503 naming what is down. */
  private Answer readiness() {
    Readiness readiness = uncloud.readiness(READY_TIMEOUT);
    var checks = JSON.createObjectBuilder();
    var down = JSON.createArrayBuilder();
    for (Readiness.Check check : readiness.checks()) {
      checks.add(check.component(), check.up() ? "up" : "down");
      if (!check.up()) {
        down.add(check.component());
      }
    }
    return json(readiness.ready() ? 200 : 503, JSON.createObjectBuilder()
        .add("status", readiness.ready() ? "ready" : "not_ready").add("checks", checks).add("down", down).build());
  }

  /** The payment provider's webhook (the path is Stripe's, as operators configured it there): forwarded as received. */
  private Answer paymentWebhook(Request request) {
    if (!paymentEvents.receivesWebhooks()) {
      throw new GatewayError(404, "no_such_endpoint", "payment webhooks are off: set uncloud.payments=stripe and "
          + "uncloud.stripe.webhook-secret");
    }
    String payload = new String(readBody(request), StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getName(), field.getValue(), (first, next) -> first + ", " + next);
    }
    PaymentEvents.Outcome outcome = paymentEvents.receiveWebhook(payload, headers);
    return json(200, JSON.createObjectBuilder().add("received", true)
        .add("outcome", outcome.name().toLowerCase(Locale.ROOT)).build());
  }

  private Answer charge(Request request) {
    return bookingRefusals.readThenBook(() -> {
      Fields f = postForm(request, CHARGE_FIELDS,
          ADMIN, PASSWORD, "service_name", "username", "amount", "currency", "payment_comment");
      String key = idempotencyKey(request, f);
      AdminSession session = login(request, f.get(ADMIN), f.get(PASSWORD));
      ChargeRequest charge = new ChargeRequest(ServiceName.of(f.get("service_name")), Username.of(f.get("username")),
          Money.of(f.get("amount"), f.get("currency")), f.get("payment_comment"),
          key == null ? null : IdempotencyKey.of(key));
      return () -> booked(credit.chargeUser(session, charge));
    });
  }

  private Answer deposit(Request request) {
    return bookingRefusals.readThenBook(() -> {
      Fields f = postForm(request, DEPOSIT_FIELDS,
          ADMIN, PASSWORD, "username", "amount", "currency", "payment_comment");
      String key = idempotencyKey(request, f);
      AdminSession session = login(request, f.get(ADMIN), f.get(PASSWORD));
      String service = f.optional("service_name");
      DepositRequest deposit = new DepositRequest(service == null ? DepositRequest.CASHIER : ServiceName.of(service),
          Username.of(f.get("username")), Money.of(f.get("amount"), f.get("currency")), f.get("payment_comment"),
          key == null ? null : IdempotencyKey.of(key));
      return () -> booked(credit.deposit(session, deposit));
    });
  }

  private Answer reverse(Request request) {
    return bookingRefusals.readThenBook(() -> {
      Fields f = postForm(request, REVERSE_FIELDS, ADMIN, PASSWORD, "charge_id", "reason");
      String key = idempotencyKey(request, f);
      AdminSession session = login(request, f.get(ADMIN), f.get(PASSWORD));
      EntryId entry = EntryId.of(f.get("charge_id"));
      return () -> booked(credit.reverse(session, entry, f.get("reason"), key == null ? null : IdempotencyKey.of(key)));
    });
  }

  private Answer balance(Request request) {
    Fields f = query(request, BALANCE_FIELDS, "username");
    String flag = f.optional("get_amount_available");
    if (flag != null && !flag.equals("1") && !flag.equals("0")) {
      throw GatewayError.badRequest("invalid_argument", "get_amount_available must be 1 or 0");
    }
    AdminSession session = adminFromQueryOrBasic(request, f);
    Account status = credit.status(session, Username.of(f.get("username")));
    return json(200, JSON.createObjectBuilder()
        .add("username", status.user().toString())
        .add("amount_available", status.available().toPlainString())
        .add("quota", status.quota().toPlainString())
        .add("credit", status.credit().toPlainString())
        .add("currency", status.balance().currency().getCurrencyCode())
        .add("locked", status.locked())
        .build());
  }

  private Answer mayStart(Request request) {
    Fields f = query(request, MAY_START_FIELDS, "service_name", "username");
    AdminSession session = adminFromQueryOrBasic(request, f);
    StartDecision decision = credit.mayStart(session, ServiceName.of(f.get("service_name")),
        Username.of(f.get("username")));
    return json(200, JSON.createObjectBuilder()
        .add("allowed", decision.allowed())
        .add("reason", decision.reason())
        .build());
  }

  private Answer settlement(Request request) {
    Fields f = query(request, SETTLEMENT_FIELDS, "service_name", "quarter");
    AdminSession session = adminFromQueryOrBasic(request, f);
    return settlementAnswer(request, credit.settlement(session, ServiceName.of(f.get("service_name")),
        Quarter.parse(f.get("quarter"))));
  }

  /**
   * @param request the request, whose Accept header chooses CSV or JSON
   * @param s the settlement
   * @return it as CSV or JSON
   */
  static Answer settlementAnswer(Request request, Settlement s) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      return new Answer(200, "text/csv; charset=utf-8", SettlementCsv.write(s), Map.of());
    }
    String currency = s.charged().currency().getCurrencyCode();
    JsonArrayBuilder lines = JSON.createArrayBuilder();
    for (LedgerEntry line : s.lines()) {
      JsonObjectBuilder item = JSON.createObjectBuilder()
          .add("charge_id", line.id().toString())
          .add("kind", line.kind().name().toLowerCase(Locale.ROOT))
          .add("booked_at", line.bookedAt().toString())
          .add("username", line.account().toString())
          .add("amount", line.delta().toPlainString())
          .add("comment", line.comment())
          .add("admin", line.principal());
      line.reversesIfAny().ifPresent(r -> item.add("reverses", r.toString()));
      lines.add(item);
    }
    return json(200, JSON.createObjectBuilder()
        .add("service_name", s.service().toString())
        .add("quarter", s.quarter().toString())
        .add("zone", s.zone().getId())
        .add("currency", currency)
        .add("charged", s.charged().toPlainString())
        .add("credited", s.credited().toPlainString())
        .add("reversed", s.reversed().toPlainString())
        .add("net", s.net().toPlainString())
        .add("paid_from_quota", s.paidFromQuota().toPlainString())
        .add("paid_from_credit", s.paidFromCredit().toPlainString())
        .add("lines", lines)
        .build());
  }

  static Answer booked(Charge c) {
    JsonObjectBuilder body = JSON.createObjectBuilder()
        .add("charge_id", c.id().toString())
        .add("username", c.user().toString())
        .add("service_name", c.service().toString())
        .add("amount", c.amount().toPlainString())
        .add("currency", c.amount().currency().getCurrencyCode())
        .add("balance", c.balance().toPlainString())
        .add("locked", c.locked());
    if (c.lockPending()) {
      body.add("lock_pending", true);
    }
    c.entry().reversesIfAny().ifPresent(r -> body.add("reverses", r.toString()));
    Answer answer = json(200, body.build());
    return c.replayed() ? answer.withHeaders(Map.of("Idempotent-Replayed", "true")) : answer;
  }

  // --- credentials ---

  AdminSession login(Request request, String admin, String password) {
    String address = Request.getRemoteAddr(request);
    limiter.checkAllowed(admin, address);
    try {
      AdminSession session = credit.authenticate(admin, Secret.of(password));
      limiter.succeeded(admin, address);
      return session;
    } catch (BadCredentialsException e) {
      limiter.failed(admin, address, e.reason() != BadCredentialsException.Reason.UNKNOWN_NAME);
      LOG.info("refused admin login from {} ({})", address, e.reason());
      throw e;
    }
  }

  private AdminSession adminFromQueryOrBasic(Request request, Fields f) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String admin = f.optional(ADMIN);
    String password = f.optional(PASSWORD);
    if (header != null) {
      if (admin != null || password != null) {
        throw GatewayError.badRequest("ambiguous_credentials", "give the admin credentials either as HTTP Basic "
            + "auth or as admin_username/admin_password, not both");
      }
      String[] basic = basicCredentials(header);
      return login(request, basic[0], basic[1]);
    }
    if (admin == null || password == null) {
      throw GatewayError.badRequest("missing_field", "admin credentials are missing: send admin_username and "
          + "admin_password, or HTTP Basic auth");
    }
    return login(request, admin, password);
  }

  static String[] basicCredentials(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new GatewayError(401, "bad_credentials", "only HTTP Basic authorization is supported",
          Map.of("WWW-Authenticate", "Basic realm=\"uncloud\", charset=\"UTF-8\""));
    }
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(header.substring(6).trim());
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw GatewayError.badRequest("malformed_authorization", "the Basic authorization header is not valid "
          + "Base64 of UTF-8 'name:password'");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw GatewayError.badRequest("malformed_authorization", "the Basic authorization header must hold "
          + "'name:password'");
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  static String idempotencyKey(Request request, Fields f) {
    String header = request.getHeaders().get("Idempotency-Key");
    String field = f.optional(KEY);
    if (header != null && field != null && !header.equals(field)) {
      throw GatewayError.badRequest("ambiguous_idempotency_key", "the Idempotency-Key header and the "
          + "idempotency_key field differ; send one of them");
    }
    return field != null ? field : header;
  }

  // --- request parsing ---

  static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new GatewayError(405, "method_not_allowed", "use " + allowed + " here", Map.of("Allow", allowed));
    }
  }

  /**
   * A POST without fields: no query, and no body or an empty form.
   *
   * @param request the request
   */
  void postFormOrEmpty(Request request) {
    String query = request.getHttpURI().getQuery();
    if (query != null && !query.isEmpty()) {
      throw GatewayError.badRequest("unexpected_query", "this endpoint takes no parameters");
    }
    byte[] body = readBody(request);
    if (body.length > 0) {
      checkFormContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
      Fields.of(FormParser.parse(body), Set.of());
    }
  }

  Fields postForm(Request request, Set<String> allowed, String... required) {
    String query = request.getHttpURI().getQuery();
    if (query != null && !query.isEmpty()) {
      throw GatewayError.badRequest("unexpected_query", "send the fields in the form body, not in the URL");
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    checkFormContentType(contentType);
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    return Fields.of(FormParser.parse(readBody(request)), allowed, required);
  }

  static void checkFormContentType(String contentType) {
    if (contentType == null) {
      throw unsupported("the request has no Content-Type");
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
      throw unsupported("Content-Type " + Texts.shown(parts[0].trim()) + " is not accepted");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param.length > 1 ? param[1].trim().replace("\"", "") : "";
        if (!charset.equalsIgnoreCase("utf-8")) {
          throw unsupported("charset " + Texts.shown(charset) + " is not accepted");
        }
      }
    }
  }

  static GatewayError unsupported(String what) {
    return new GatewayError(415, "unsupported_media_type", what
        + "; send application/x-www-form-urlencoded (UTF-8)");
  }

  private GatewayError tooLarge() {
    return tooLarge(maxBodyBytes);
  }

  static GatewayError tooLarge(int maxBodyBytes) {
    return new GatewayError(413, "payload_too_large", "the request body is larger than " + maxBodyBytes
        + " bytes");
  }

  private byte[] readBody(Request request) {
    return readBody(request, maxBodyBytes);
  }

  static byte[] readBody(Request request, int maxBodyBytes) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw tooLarge(maxBodyBytes);
      }
      return body;
    } catch (IOException e) {
      throw GatewayError.badRequest("unreadable_body", "the request body could not be read");
    }
  }

  static Fields query(Request request, Set<String> allowed, String... required) {
    String query = request.getHttpURI().getQuery();
    if (query == null) {
      query = "";
    }
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw GatewayError.badRequest("malformed_query", "the query string holds a raw non-ASCII or control "
            + "character; percent-encode it (UTF-8)");
      }
    }
    return Fields.of(FormParser.parse(query.getBytes(StandardCharsets.US_ASCII)), allowed, required);
  }

  // --- answers ---

  static Answer json(int status, JsonObject body) {
    StringWriter text = new StringWriter();
    try (var writer = JSON.createWriter(text)) {
      writer.writeObject(body);
    }
    return new Answer(status, "application/json", text + "\n", Map.of());
  }

  /** The answer to a refused call: {@code {error, message}}, plus the data an error carries for the caller. */
  static Answer errorAnswer(UncloudException e) {
    JsonObjectBuilder body = JSON.createObjectBuilder().add("error", e.errorCode()).add("message", e.getMessage());
    if (e instanceof InsufficientFundsException funds) {
      body.add("available", funds.available().toPlainString())
          .add("limit", funds.limit().toPlainString())
          .add("currency", funds.limit().currency().getCurrencyCode());
    }
    return json(e.category().httpStatus(), body.build());
  }

  static Answer error(int status, String code, String message) {
    return json(status, JSON.createObjectBuilder().add("error", code).add("message", message).build());
  }

  static void send(Response response, Callback callback, Answer answer) {
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    Content.Sink.write(response, true, answer.body(), callback);
  }

  /** A response to send. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {
    Answer withHeaders(Map<String, String> more) {
      Map<String, String> all = new HashMap<>(headers);
      all.putAll(more);
      return new Answer(status, contentType, body, all);
    }
  }

  /** The fields of one request, checked against the endpoint's allowed and required names. */
  record Fields(Map<String, String> values) {
    static Fields of(Map<String, String> values, Set<String> allowed, String... required) {
      for (String name : values.keySet()) {
        if (!allowed.contains(name)) {
          throw GatewayError.badRequest("unknown_field", "unknown field " + Texts.shown(name) + "; this endpoint "
              + "accepts " + String.join(", ", allowed.stream().sorted().toList()));
        }
      }
      for (String name : required) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
          throw GatewayError.badRequest("missing_field", "the field " + name + " is missing");
        }
      }
      return new Fields(values);
    }

    String get(String name) {
      return values.get(name);
    }

    String optional(String name) {
      String value = values.get(name);
      return value == null || value.isEmpty() ? null : value;
    }
  }
}
