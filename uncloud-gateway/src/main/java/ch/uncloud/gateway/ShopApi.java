package ch.uncloud.gateway;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.BillingService;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.OrderService;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.PlacedOrder;
import ch.uncloud.gateway.GatewayHandler.Answer;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's REST endpoints under {@code /api/v1/}: the public product list, and a user's own
 * orders and bills, authenticated with HTTP Basic against the account directory. A user sees and
 * acts on only their own orders and bills: another user's order answers 404 like a missing one.
 * Order bodies are form-encoded ({@code product}, {@code payment}, {@code param.NAME}) or JSON
 * ({@code {"product", "parameters": {...}, "payment"}}). Failed logins count against the same
 * rate limits as the admin logins of the lab endpoints (names prefixed {@code user:}).
 */
final class ShopApi {
  /** Where the shop's endpoints start. */
  static final String PREFIX = "/api/v1/";

  private static final Logger LOG = LoggerFactory.getLogger(ShopApi.class);
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String PARAM = "param.";
  private static final Set<String> ORDER_FIELDS = Set.of("product", "payment", "idempotency_key");
  /** A bill id's form ({@code 2026-11-invoice-3fa2b1c9d0e1a2b3c4d5}); anything else after bills/ is a month. */
  private static final java.util.regex.Pattern BILL_ID = java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[a-z]+-[0-9a-f]+");
  private static final Set<String> CHANGE_FIELDS = Set.of("idempotency_key");
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Basic realm=\"uncloud\", charset=\"UTF-8\"");

  private final Uncloud uncloud;
  private final PersonLogin logins;
  private final int maxBodyBytes;
  private final VmApi vms;

  ShopApi(Uncloud uncloud, LoginRateLimiter limiter, int maxBodyBytes) {
    this.uncloud = uncloud;
    this.logins = new PersonLogin(uncloud, limiter);
    this.maxBodyBytes = maxBodyBytes;
    this.vms = new VmApi(uncloud, this);
  }

  /**
   * @param request the request
   * @param path the path after {@code /api/v1/}, e.g. {@code orders/ID/cancel}
   * @param method the HTTP method
   * @return the answer
   */
  Answer route(Request request, String path, String method) {
    String[] parts = path.split("/", -1);
    if (parts[0].equals(VmApi.ROOT)) {
      return vms.route(request, parts, method);
    }
    if (parts.length == 1 && parts[0].equals("products")) {
      GatewayHandler.requireMethod(method, "GET");
      noQuery(request);
      return GatewayHandler.json(200, ShopJson.catalog(uncloud.catalog()));
    }
    if (parts.length == 1 && parts[0].equals("orders")) {
      if (method.equals("POST")) {
        return placeOrder(request);
      }
      GatewayHandler.requireMethod(method, "GET");
      noQuery(request);
      Username user = authenticate(request);
      Instant now = uncloud.clock().instant();
      return GatewayHandler.json(200, ShopJson.list("orders",
          orders().orders(user).stream().map(o -> ShopJson.order(o, now)).toList()));
    }
    if (parts.length == 2 && parts[0].equals("orders") && !parts[1].isEmpty()) {
      GatewayHandler.requireMethod(method, "GET");
      noQuery(request);
      Username user = authenticate(request);
      return GatewayHandler.json(200, ShopJson.order(orders().order(user, parts[1]), uncloud.clock().instant()));
    }
    if (parts.length == 3 && parts[0].equals("orders") && !parts[1].isEmpty()
        && (parts[2].equals("cancel") || parts[2].equals("change"))) {
      GatewayHandler.requireMethod(method, "POST");
      return parts[2].equals("cancel") ? cancel(request, parts[1]) : change(request, parts[1]);
    }
    if (parts.length == 1 && parts[0].equals("bills")) {
      GatewayHandler.requireMethod(method, "GET");
      noQuery(request);
      Username user = authenticate(request);
      return GatewayHandler.json(200, ShopJson.list("bills", billing().bills(user).stream().map(ShopJson::bill).toList()));
    }
    if (parts.length == 2 && parts[0].equals("bills") && !parts[1].isEmpty()) {
      GatewayHandler.requireMethod(method, "GET");
      noQuery(request);
      if (BILL_ID.matcher(parts[1]).matches()) {
        Username user = authenticate(request);
        return GatewayHandler.json(200, ShopJson.bill(billing().bill(user, parts[1])));
      }
      YearMonth month = month(parts[1]);
      Username user = authenticate(request);
      return GatewayHandler.json(200, ShopJson.month(billing().preview(user, month)));
    }
    throw new GatewayError(404, "no_such_endpoint", "there is no endpoint " + Texts.shown(PREFIX + path)
        + "; use /api/v1/products, /api/v1/orders, /api/v1/orders/ID, /api/v1/orders/ID/cancel, "
        + "/api/v1/orders/ID/change, /api/v1/bills, /api/v1/bills/YYYY-MM, /api/v1/bills/BILL_ID or /api/v1/vms");
  }

  // --- endpoints ---

  private Answer placeOrder(Request request) {
    Body body = body(request, ORDER_FIELDS, true);
    String product = body.fields().get("product");
    if (product == null || product.isEmpty()) {
      throw GatewayError.badRequest("missing_field", "the field product is missing; GET /api/v1/products lists them");
    }
    String key = idempotencyKey(request, body);
    Username user = authenticate(request);
    PlacedOrder placed = orders().placeOrder(new OrderRequest(user, product, body.parameters(),
        payment(body.fields().get("payment")), key == null ? null : IdempotencyKey.of(key)));
    Answer answer = GatewayHandler.json(placed.replayed() ? 200 : 201,
        ShopJson.order(placed.order(), uncloud.clock().instant()));
    return placed.replayed() ? answer.withHeaders(Map.of("Idempotent-Replayed", "true")) : answer;
  }

  private Answer cancel(Request request, String orderId) {
    body(request, Set.of(), false);
    Username user = authenticate(request);
    return GatewayHandler.json(200, ShopJson.order(orders().cancel(user, orderId), uncloud.clock().instant()));
  }

  private Answer change(Request request, String orderId) {
    Body body = body(request, CHANGE_FIELDS, true);
    String key = idempotencyKey(request, body);
    Username user = authenticate(request);
    Order replacement = orders().change(user, orderId, body.parameters(), key == null ? null : IdempotencyKey.of(key));
    return GatewayHandler.json(200, ShopJson.order(replacement, uncloud.clock().instant()));
  }

  /** @return the services behind the shop */
  Uncloud uncloud() {
    return uncloud;
  }

  private OrderService orders() {
    return uncloud.orders();
  }

  private BillingService billing() {
    return uncloud.billing();
  }

  // --- credentials ---

  Username authenticate(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      throw new GatewayError(401, "authentication_required", "log in with your user name and password as HTTP "
          + "Basic auth (curl -u NAME:PASSWORD)", CHALLENGE);
    }
    String[] basic = GatewayHandler.basicCredentials(header);
    return logins.login(basic[0], basic[1], Request.getRemoteAddr(request), CHALLENGE);
  }

  static String idempotencyKey(Request request, Body body) {
    String header = request.getHeaders().get("Idempotency-Key");
    String field = body.fields().get("idempotency_key");
    if (field != null && field.isEmpty()) {
      field = null;
    }
    if (header != null && field != null && !header.equals(field)) {
      throw GatewayError.badRequest("ambiguous_idempotency_key", "the Idempotency-Key header and the "
          + "idempotency_key field differ; send one of them");
    }
    return field != null ? field : header;
  }

  // --- parsing ---

  static void noQuery(Request request) {
    GatewayHandler.query(request, Set.of());
  }

  static YearMonth month(String text) {
    try {
      if (text.matches("[0-9]{4}-[0-9]{2}")) {
        return YearMonth.parse(text);
      }
    } catch (DateTimeParseException e) {
      // falls through to the error below
    }
    throw GatewayError.badRequest("invalid_argument", "the month " + Texts.shown(text) + " is not a month such as 2026-11");
  }

  private static PaymentChoice payment(String text) {
    if (text == null || text.isEmpty()) {
      return PaymentChoice.BALANCE;
    }
    for (PaymentChoice choice : PaymentChoice.values()) {
      if (choice.name().equalsIgnoreCase(text)) {
        return choice;
      }
    }
    throw GatewayError.badRequest("invalid_argument", "payment must be balance, card or invoice, not " + Texts.shown(text));
  }

  /** The fields and product parameters of a POST body. */
  record Body(Map<String, String> fields, Map<String, String> parameters) {}

  Body body(Request request, Set<String> allowed, boolean withParameters) {
    String query = request.getHttpURI().getQuery();
    if (query != null && !query.isEmpty()) {
      throw GatewayError.badRequest("unexpected_query", "send the fields in the request body, not in the URL");
    }
    if (request.getLength() > maxBodyBytes) {
      throw GatewayHandler.tooLarge(maxBodyBytes);
    }
    byte[] bytes = GatewayHandler.readBody(request, maxBodyBytes);
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null && bytes.length == 0) {
      return new Body(Map.of(), Map.of());
    }
    if (contentType != null && mediaType(contentType).equals("application/json")) {
      checkUtf8Charset(contentType);
      return jsonBody(bytes, allowed, withParameters);
    }
    if (contentType == null || !mediaType(contentType).equals("application/x-www-form-urlencoded")) {
      throw new GatewayError(415, "unsupported_media_type", (contentType == null ? "the request has no Content-Type"
          : "Content-Type " + Texts.shown(mediaType(contentType)) + " is not accepted")
          + "; send application/x-www-form-urlencoded or application/json (UTF-8)");
    }
    GatewayHandler.checkFormContentType(contentType);
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : FormParser.parse(bytes).entrySet()) {
      String name = e.getKey();
      if (withParameters && name.startsWith(PARAM) && name.length() > PARAM.length()) {
        parameters.put(name.substring(PARAM.length()), e.getValue());
      } else if (allowed.contains(name)) {
        fields.put(name, e.getValue());
      } else {
        throw unknownField(name, allowed, withParameters);
      }
    }
    return new Body(fields, parameters);
  }

  private static Body jsonBody(byte[] bytes, Set<String> allowed, boolean withParameters) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw GatewayError.badRequest("invalid_utf8", "the body is not valid UTF-8");
    }
    JsonValue value;
    try (var reader = JSON.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (JsonParsingException e) {
      throw GatewayError.badRequest("malformed_json", "the body is not valid JSON: " + e.getMessage());
    } catch (JsonException e) {
      throw GatewayError.badRequest("malformed_json", "the body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw GatewayError.badRequest("malformed_json", "the body must be a JSON object");
    }
    String duplicate = firstDuplicateKey(text);
    if (duplicate != null) {
      throw GatewayError.badRequest("duplicate_field", "the JSON body has the key " + Texts.shown(duplicate)
          + " twice in one object; send each field once");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      String name = e.getKey();
      if (withParameters && name.equals("parameters")) {
        if (!(e.getValue() instanceof JsonObject params)) {
          throw GatewayError.badRequest("invalid_argument", "parameters must be a JSON object such as {\"cores\": 2}");
        }
        params.forEach((k, v) -> parameters.put(k, scalar("parameters." + k, v)));
      } else if (allowed.contains(name)) {
        fields.put(name, scalar(name, e.getValue()));
      } else {
        throw unknownField(name, allowed, withParameters);
      }
    }
    return new Body(fields, parameters);
  }

  /**
   * @param json a syntactically valid JSON text
   * @return the first key that appears twice in one object (at any depth), or {@code null}; a reader
   *     would silently keep the last value
   */
  static String firstDuplicateKey(String json) {
    Deque<Set<String>> objects = new ArrayDeque<>();
    try (JsonParser parser = JSON.createParser(new StringReader(json))) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT -> objects.push(new HashSet<>());
          case END_OBJECT -> objects.pop();
          case START_ARRAY -> objects.push(new HashSet<>()); // an array's own level holds no keys
          case END_ARRAY -> objects.pop();
          case KEY_NAME -> {
            if (!objects.peek().add(parser.getString())) {
              return parser.getString();
            }
          }
          default -> { }
        }
      }
    }
    return null;
  }

  private static String scalar(String name, JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonNumber n && n.isIntegral()) {
      return n.bigIntegerValue().toString();
    }
    throw GatewayError.badRequest("invalid_argument", name + " must be a string or a whole number");
  }

  private static GatewayError unknownField(String name, Set<String> allowed, boolean withParameters) {
    List<String> accepted = new java.util.ArrayList<>(allowed.stream().sorted().toList());
    if (withParameters) {
      accepted.add("param.NAME (form) or parameters (JSON)");
    }
    return GatewayError.badRequest("unknown_field", "unknown field " + Texts.shown(name) + "; this endpoint accepts "
        + (accepted.isEmpty() ? "no fields" : String.join(", ", accepted)));
  }

  private static String mediaType(String contentType) {
    return contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  private static void checkUtf8Charset(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param.length > 1 ? param[1].trim().replace("\"", "") : "";
        if (!charset.equalsIgnoreCase("utf-8")) {
          throw GatewayHandler.unsupported("charset " + Texts.shown(charset) + " is not accepted");
        }
      }
    }
  }
}
