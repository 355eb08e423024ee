package ch.uncloud.gateway;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.gateway.GatewayHandler.Answer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * A person's own account under {@code /api/v1/}: {@code me} (balance, what open holds reserve of it, lock state),
 * {@code me/entries} (the statement, JSON pages or all of it as CSV), {@code bills/MONTH/pay} (pay the
 * month's open bills by card), {@code topups} (top up the balance by card) and {@code cards}
 * ({@link CardsApi}). Logins as in the shop
 * ({@link ShopApi#authenticate}); a person sees only their own account.
 */
final class CustomerApi {
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final Set<String> STATEMENT_FIELDS = Set.of("from", "to", "service", "limit", "cursor");
  private static final Set<String> TOPUP_FIELDS = Set.of("amount", "currency", "idempotency_key");
  private static final int DEFAULT_LIMIT = 100;
  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

  private final Uncloud uncloud;
  private final ShopApi shop;
  private final CardsApi cards;

  CustomerApi(Uncloud uncloud, ShopApi shop) {
    this.uncloud = uncloud;
    this.shop = shop;
    this.cards = new CardsApi(uncloud, shop);
  }

  /**
   * @param request the request
   * @param path the path after {@code /api/v1/}
   * @param method the HTTP method
   * @return the answer, or {@code null} if the path is not one of the customer API's
   */
  Answer route(Request request, String path, String method) {
    String[] parts = path.split("/", -1);
    if (parts[0].equals("cards")) {
      return cards.route(request, path, method);
    }
    if (path.equals("me")) {
      GatewayHandler.requireMethod(method, "GET");
      ShopApi.noQuery(request);
      return me(shop.authenticate(request));
    }
    if (path.equals("me/entries")) {
      GatewayHandler.requireMethod(method, "GET");
      return entries(request);
    }
    if (path.equals("topups")) {
      GatewayHandler.requireMethod(method, "POST");
      return topUp(request);
    }
    if (parts.length == 3 && parts[0].equals("bills") && !parts[1].isEmpty() && parts[2].equals("pay")) {
      GatewayHandler.requireMethod(method, "POST");
      shop.body(request, Set.of(), false);
      var month = ShopApi.month(parts[1]);
      Username user = shop.authenticate(request);
      return GatewayHandler.json(200, ShopJson.month(uncloud.billing().pay(user, month, PaymentChoice.CARD)));
    }
    return null;
  }

  private Answer me(Username user) {
    Account account = uncloud.credit().status(user);
    JsonArrayBuilder holds = JSON.createArrayBuilder();
    for (Hold hold : uncloud.statements().openHolds(account.user())) {
      holds.add(JSON.createObjectBuilder()
          .add("hold_id", hold.id().toString())
          .add("service_name", hold.service().toString())
          .add("amount", hold.amount().toPlainString())
          .add("currency", hold.amount().currency().getCurrencyCode())
          .add("comment", hold.comment())
          .add("created_at", hold.createdAt().toString())
          .add("expires_at", hold.expiresAt().toString()));
    }
    return GatewayHandler.json(200, JSON.createObjectBuilder()
        .add("username", account.user().toString())
        .add("balance", account.balance().toPlainString())
        .add("held", account.held().toPlainString())
        .add("available", account.available().toPlainString())
        .add("quota", account.quota().toPlainString())
        .add("credit", account.credit().toPlainString())
        .add("currency", account.balance().currency().getCurrencyCode())
        .add("locked", account.locked())
        .add("holds", holds)
        .build());
  }

  private Answer entries(Request request) {
    return statement(request, () -> {
      Username user = shop.authenticate(request);
      return query -> uncloud.statements().page(user, query);
    });
  }

  /**
   * A statement's query parameters, checked before the caller logs in, and its pages as JSON or (with
   * {@code Accept: text/csv}) all of the period as CSV.
   *
   * @param request the request
   * @param login logs the caller in and gives the pages the caller may see
   * @return the answer
   */
  static Answer statement(Request request, Supplier<Function<StatementQuery, StatementPage>> login) {
    GatewayHandler.Fields f = GatewayHandler.query(request, STATEMENT_FIELDS);
    Instant from = instant("from", f.optional("from"), Instant.EPOCH);
    Instant to = instant("to", f.optional("to"), END_OF_TIME);
    String service = f.optional("service");
    boolean csv = wantsCsv(request);
    if (csv && (f.optional("limit") != null || f.optional("cursor") != null)) {
      throw GatewayError.badRequest("invalid_argument", "the CSV statement holds every entry of the period: leave out "
          + "limit and cursor");
    }
    int limit = csv ? StatementQuery.MAX_LIMIT : limit(f.optional("limit"), StatementQuery.MAX_LIMIT);
    StatementQuery query = new StatementQuery(from, to, service == null ? null : ServiceName.of(service), limit,
        f.optional("cursor"));
    Function<StatementQuery, StatementPage> pages = login.get();
    if (csv) {
      StringBuilder text = new StringBuilder(StatementCsv.HEADER).append("\r\n");
      StatementPage page = pages.apply(query);
      StatementCsv.append(text, page.entries());
      while (page.nextCursor() != null) {
        page = pages.apply(new StatementQuery(from, to, query.service(), limit, page.nextCursor()));
        StatementCsv.append(text, page.entries());
      }
      return new Answer(200, "text/csv; charset=utf-8", text.toString(), Map.of());
    }
    StatementPage page = pages.apply(query);
    JsonArrayBuilder items = JSON.createArrayBuilder();
    page.entries().forEach(e -> items.add(entry(e)));
    JsonObjectBuilder body = JSON.createObjectBuilder().add("entries", items);
    page.next().ifPresent(next -> body.add("next_cursor", next));
    return GatewayHandler.json(200, body.build());
  }

  /**
   * @param e a ledger entry
   * @return it as a statement's JSON entry
   */
  static JsonObjectBuilder entry(LedgerEntry e) {
    JsonObjectBuilder item = JSON.createObjectBuilder()
        .add("entry_id", e.id().toString())
        .add("kind", e.kind().name().toLowerCase(Locale.ROOT))
        .add("service_name", e.service().toString())
        .add("booked_at", e.bookedAt().toString())
        .add("amount", e.delta().toPlainString())
        .add("currency", e.delta().currency().getCurrencyCode())
        .add("comment", e.comment())
        .add("balance_after", e.balanceAfter().toPlainString());
    e.reversesIfAny().ifPresent(r -> item.add("reverses", r.toString()));
    return item;
  }

  private Answer topUp(Request request) {
    ShopApi.Body body = shop.body(request, TOPUP_FIELDS, false);
    String amount = body.fields().get("amount");
    if (amount == null || amount.isEmpty()) {
      throw GatewayError.badRequest("missing_field", "the field amount is missing, e.g. amount=20.00");
    }
    String key = ShopApi.idempotencyKey(request, body);
    if (key == null) {
      throw GatewayError.badRequest("missing_field", "a top-up charges a card: send an Idempotency-Key header, and "
          + "the same one again to retry");
    }
    IdempotencyKey.of(key);
    Username user = shop.authenticate(request);
    String currency = body.fields().get("currency");
    if (currency == null || currency.isEmpty()) {
      currency = uncloud.credit().status(user).balance().currency().getCurrencyCode();
    }
    return GatewayHandler.booked(uncloud.topUps().topUp(user, Money.of(amount, currency), paymentId(user, key)));
  }

  /** @return a payment id for the person's key: one top-up per person and key, whatever the key holds */
  private static String paymentId(Username user, String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((user + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return "api-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static boolean wantsCsv(Request request) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  /**
   * @param text the limit as sent, or {@code null}
   * @param max the largest limit
   * @return the limit ({@value #DEFAULT_LIMIT} if none was sent)
   */
  static int limit(String text, int max) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    if (!text.matches("[0-9]{1,4}")) {
      throw GatewayError.badRequest("invalid_argument", "limit must be a whole number from 1 to " + max);
    }
    return Integer.parseInt(text);
  }

  private static Instant instant(String name, String text, Instant absent) {
    if (text == null) {
      return absent;
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw GatewayError.badRequest("invalid_argument", name + " must be a date (2026-11-01) or an instant "
          + "(2026-11-01T00:00:00Z), not " + Texts.shown(text));
    }
  }
}
