package ch.uncloud.gateway;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountAdministration;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AccountOverview;
import ch.uncloud.api.credit.AccountSearchPage;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.ParkedEvent;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.gateway.GatewayHandler.Answer;
import ch.uncloud.gateway.GatewayHandler.Fields;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The administrators' API under {@code /admin/v1/}: accounts (search, one account, its statement),
 * marking an invoice paid by bank transfer, the unapplied payments and applying one, lock
 * reconciliation, the parked events and sending one again, and the settlement. Admins log in with
 * HTTP Basic (name and password, through the same login limiter as the lab protocol); which admin
 * may do what is the core's rule.
 */
final class AdminApi {
  static final String PREFIX = "/admin/v1/";
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final Set<String> SEARCH_FIELDS = Set.of("prefix", "limit", "cursor");
  private static final Set<String> SETTLEMENT_FIELDS = Set.of("service", "quarter");
  private static final int DEFAULT_SEARCH_LIMIT = 50;
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate",
      "Basic realm=\"uncloud admin\", charset=\"UTF-8\"");

  private final Uncloud uncloud;
  private final GatewayHandler handler;

  AdminApi(Uncloud uncloud, GatewayHandler handler) {
    this.uncloud = uncloud;
    this.handler = handler;
  }

  /**
   * @param request the request
   * @param path the path after {@code /admin/v1/}
   * @param method the HTTP method
   * @return the answer
   */
  Answer route(Request request, String path, String method) {
    String[] parts = path.split("/", -1);
    boolean named = parts.length > 1 && !parts[1].isEmpty();
    if (path.equals("accounts")) {
      GatewayHandler.requireMethod(method, "GET");
      return search(request);
    }
    if (parts.length == 2 && parts[0].equals("accounts") && named) {
      GatewayHandler.requireMethod(method, "GET");
      ShopApi.noQuery(request);
      return account(login(request), Username.of(parts[1]));
    }
    if (parts.length == 3 && parts[0].equals("accounts") && named && parts[2].equals("entries")) {
      GatewayHandler.requireMethod(method, "GET");
      Username user = Username.of(parts[1]);
      return CustomerApi.statement(request, () -> {
        AdminSession session = login(request);
        return query -> uncloud.accounts().statement(session, user, query);
      });
    }
    if (parts.length == 3 && parts[0].equals("invoices") && named && parts[2].equals("mark-paid")) {
      GatewayHandler.requireMethod(method, "POST");
      Fields f = handler.postForm(request, Set.of("reference"), "reference");
      return GatewayHandler.json(200, ShopJson.bill(uncloud.billing().markPaid(login(request), parts[1],
          f.get("reference"))));
    }
    if (path.equals("unapplied-payments")) {
      GatewayHandler.requireMethod(method, "GET");
      ShopApi.noQuery(request);
      return unapplied(login(request));
    }
    if (parts.length == 3 && parts[0].equals("unapplied-payments") && named && parts[2].equals("apply")) {
      GatewayHandler.requireMethod(method, "POST");
      Fields f = handler.postForm(request, Set.of("username"), "username");
      return GatewayHandler.booked(uncloud.paymentEvents().applyUnapplied(login(request), parts[1],
          Username.of(f.get("username"))));
    }
    if (path.equals("reconcile-locks")) {
      GatewayHandler.requireMethod(method, "POST");
      handler.postFormOrEmpty(request);
      return reconciled(uncloud.credit().reconcileLocks(login(request)));
    }
    if (path.equals("parked-events")) {
      GatewayHandler.requireMethod(method, "GET");
      ShopApi.noQuery(request);
      return parked(login(request));
    }
    if (parts.length == 3 && parts[0].equals("parked-events") && named && parts[2].equals("resend")) {
      GatewayHandler.requireMethod(method, "POST");
      Fields f = handler.postForm(request, Set.of("sink"), "sink");
      AdminSession session = login(request);
      return GatewayHandler.json(200, parkedEvent(uncloud.events().resend(session, f.get("sink"),
          EventId.of(parts[1]))).build());
    }
    if (path.equals("settlement")) {
      GatewayHandler.requireMethod(method, "GET");
      Fields f = GatewayHandler.query(request, SETTLEMENT_FIELDS, "service", "quarter");
      AdminSession session = login(request);
      return GatewayHandler.settlementAnswer(request, uncloud.credit().settlement(session,
          ServiceName.of(f.get("service")), Quarter.parse(f.get("quarter"))));
    }
    throw new GatewayError(404, "no_such_endpoint", "there is no endpoint " + Texts.shown(PREFIX + path)
        + "; use /admin/v1/accounts, /admin/v1/accounts/USER, /admin/v1/accounts/USER/entries, "
        + "/admin/v1/invoices/BILL/mark-paid, /admin/v1/unapplied-payments, /admin/v1/unapplied-payments/ID/apply, "
        + "/admin/v1/reconcile-locks, /admin/v1/parked-events, /admin/v1/parked-events/EVENT/resend or /admin/v1/settlement");
  }

  private AdminSession login(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      throw new GatewayError(401, "authentication_required", "log in with the admin's name and password (HTTP Basic)",
          CHALLENGE);
    }
    String[] basic = GatewayHandler.basicCredentials(header);
    return handler.login(request, basic[0], basic[1]);
  }

  private Answer search(Request request) {
    Fields f = GatewayHandler.query(request, SEARCH_FIELDS);
    String prefix = f.optional("prefix");
    String limit = f.optional("limit");
    int size = limit == null ? DEFAULT_SEARCH_LIMIT : CustomerApi.limit(limit, AccountAdministration.MAX_SEARCH_LIMIT);
    AccountSearchPage page = uncloud.accounts().search(login(request), prefix == null ? "" : prefix, size,
        f.optional("cursor"));
    JsonArrayBuilder accounts = JSON.createArrayBuilder();
    for (AccountBalance a : page.accounts()) {
      accounts.add(JSON.createObjectBuilder()
          .add("username", a.account().toString())
          .add("balance", a.balance().toPlainString())
          .add("currency", a.balance().currency().getCurrencyCode()));
    }
    JsonObjectBuilder body = JSON.createObjectBuilder().add("accounts", accounts);
    page.next().ifPresent(next -> body.add("next_cursor", next));
    return GatewayHandler.json(200, body.build());
  }

  private Answer account(AdminSession session, Username user) {
    AccountOverview overview = uncloud.accounts().account(session, user);
    JsonArrayBuilder entries = JSON.createArrayBuilder();
    overview.recentEntries().forEach(e -> entries.add(CustomerApi.entry(e)));
    return GatewayHandler.json(200, JSON.createObjectBuilder()
        .add("username", overview.account().user().toString())
        .add("balance", overview.account().balance().toPlainString())
        .add("quota", overview.account().quota().toPlainString())
        .add("credit", overview.account().credit().toPlainString())
        .add("currency", overview.account().balance().currency().getCurrencyCode())
        .add("locked", overview.account().locked())
        .add("recent_entries", entries)
        .build());
  }

  private Answer unapplied(AdminSession session) {
    JsonArrayBuilder payments = JSON.createArrayBuilder();
    for (UnappliedPayment p : uncloud.paymentEvents().unappliedPayments(session)) {
      payments.add(JSON.createObjectBuilder()
          .add("payment_id", p.paymentId())
          .add("username", p.account().toString())
          .add("amount", p.amount().toPlainString())
          .add("currency", p.amount().currency().getCurrencyCode())
          .add("received_at", p.receivedAt().toString()));
    }
    return GatewayHandler.json(200, JSON.createObjectBuilder().add("payments", payments).build());
  }

  private Answer parked(AdminSession session) {
    JsonArrayBuilder events = JSON.createArrayBuilder();
    for (ParkedEvent p : uncloud.events().parked(session)) {
      events.add(parkedEvent(p));
    }
    return GatewayHandler.json(200, JSON.createObjectBuilder().add("events", events).build());
  }

  private static JsonObjectBuilder parkedEvent(ParkedEvent p) {
    Event e = p.event();
    JsonObjectBuilder data = JSON.createObjectBuilder();
    e.data().forEach(data::add);
    return JSON.createObjectBuilder()
        .add("sink", p.sink())
        .add("attempts", p.attempts())
        .add("first_failure", p.firstFailure().toString())
        .add("last_attempt", p.lastAttempt().toString())
        .add("last_error", p.lastError())
        .add("event", JSON.createObjectBuilder()
            .add("id", e.id().value())
            .add("type", e.type().code())
            .add("occurred_at", e.occurredAt().toString())
            .add("account", e.account().value())
            .add("data", data));
  }

  private static Answer reconciled(LockReconciliation r) {
    JsonArrayBuilder corrected = JSON.createArrayBuilder();
    r.corrected().forEach(u -> corrected.add(u.toString()));
    JsonArrayBuilder failed = JSON.createArrayBuilder();
    r.failed().forEach(u -> failed.add(u.toString()));
    return GatewayHandler.json(200, JSON.createObjectBuilder()
        .add("checked", r.checked())
        .add("corrected", corrected)
        .add("failed", failed)
        .build());
  }
}
