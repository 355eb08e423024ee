package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.ParameterSpec;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.Product;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.Vm;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A person's own pages: the account (balance, lock state and what to do about it, holds, quota, charts),
 * the statement (filtered, paged, as CSV), bills (pay by card), orders (order, change, cancel), cards
 * (register with Stripe, choose the default, remove) and VMs with their snapshots (take, delete). Each
 * calls the same core service as the customer API does, for the logged-in person only: another person's
 * order, bill, card, VM or snapshot is answered like a missing one (404).
 */
final class PersonPages {
  /** Entries on one page of the statement. */
  static final int STATEMENT_PAGE = 50;
  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");
  private static final List<String> TEST_CARDS = List.of("pm_card_visa", "pm_card_mastercard",
      "pm_card_chargeDeclined");

  private final Uncloud uncloud;
  private final WebPages pages;
  private final PageSettings settings;
  private final boolean shop;

  PersonPages(Uncloud uncloud, WebPages pages, PageSettings settings) {
    this.uncloud = uncloud;
    this.pages = pages;
    this.settings = settings;
    this.shop = Gateway.servesShop(uncloud);
  }

  PageAnswer route(PageRequest r, String path) {
    String[] parts = path.substring(1).split("/", -1);
    String method = r.method();
    switch (path) {
      case "/home" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return home(r);
      }
      case "/statement" -> {
        GatewayHandler.requireMethod(method, "GET");
        return statement(r);
      }
      case "/statement.csv" -> {
        GatewayHandler.requireMethod(method, "GET");
        return statementCsv(r);
      }
      default -> { }
    }
    if (!shop) {
      throw new GatewayError(404, "no_such_endpoint", PageRenderer.text(r.locale(), "error.noShop"));
    }
    switch (path) {
      case "/bills" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return bills(r);
      }
      case "/bills/pay" -> {
        GatewayHandler.requireMethod(method, "POST");
        return payBill(r);
      }
      case "/orders" -> {
        if (method.equals("POST")) {
          return placeOrder(r);
        }
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return orders(r);
      }
      case "/orders/new" -> {
        GatewayHandler.requireMethod(method, "GET");
        return newOrder(r);
      }
      case "/cards" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return cards(r);
      }
      case "/cards/register" -> {
        GatewayHandler.requireMethod(method, "POST");
        return registerCard(r);
      }
      case "/cards/complete" -> {
        GatewayHandler.requireMethod(method, "POST");
        return completeCard(r);
      }
      case "/vms" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return vms(r);
      }
      default -> { }
    }
    if (parts.length == 3 && parts[0].equals("orders") && !parts[1].isEmpty()) {
      if (parts[2].equals("change")) {
        return method.equals("POST") ? changeOrder(r, parts[1]) : changeForm(r, parts[1]);
      }
      if (parts[2].equals("cancel")) {
        GatewayHandler.requireMethod(method, "POST");
        return cancelOrder(r, parts[1]);
      }
    }
    if (parts.length == 3 && parts[0].equals("cards") && !parts[1].isEmpty()
        && (parts[2].equals("default") || parts[2].equals("remove"))) {
      GatewayHandler.requireMethod(method, "POST");
      return changeCard(r, parts[1], parts[2].equals("remove"));
    }
    if (parts.length == 3 && parts[0].equals("vms") && parts[2].equals("snapshots")) {
      GatewayHandler.requireMethod(method, "POST");
      return takeSnapshot(r, vmId(parts[1]));
    }
    if (parts.length == 5 && parts[0].equals("vms") && parts[2].equals("snapshots") && parts[4].equals("delete")) {
      GatewayHandler.requireMethod(method, "POST");
      return deleteSnapshot(r, vmId(parts[1]), parts[3]);
    }
    throw new GatewayError(404, "no_such_endpoint", PageRenderer.text(r.locale(), "error.noPage"));
  }

  private Username user(PageRequest r) {
    return r.session().person();
  }

  // --- the account ---

  private PageAnswer home(PageRequest r) {
    Locale l = r.locale();
    Account a = uncloud.credit().status(user(r));
    Map<String, Object> vars = new HashMap<>();
    vars.put("balance", PageFormat.money(a.balance()));
    vars.put("available", PageFormat.money(a.available()));
    vars.put("held", PageFormat.money(a.held()));
    vars.put("quota", PageFormat.money(a.quota()));
    vars.put("credit", PageFormat.money(a.credit()));
    vars.put("hasQuota", !a.quota().isZero());
    vars.put("locked", a.locked());
    if (a.locked()) {
      vars.put("lockReason", a.credit().isNegative()
          ? PageRenderer.text(l, "home.lockDebt", PageFormat.money(a.credit().negate()))
          : PageRenderer.text(l, "home.lockFlag"));
    }
    List<Map<String, Object>> holds = new ArrayList<>();
    for (Hold h : uncloud.statements().openHolds(a.user())) {
      holds.add(PageFormat.row("service", h.service().toString(), "amount", PageFormat.money(h.amount()),
          "comment", h.comment(), "expires", PageFormat.time(h.expiresAt())));
    }
    vars.put("holds", holds);
    Instant now = uncloud.clock().instant();
    Instant from = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(11).atDay(1).atStartOfDay(ZoneOffset.UTC)
        .toInstant();
    List<LedgerEntry> year = new ArrayList<>();
    StatementPage page = uncloud.statements().page(a.user(), new StatementQuery(from, END_OF_TIME, null,
        StatementQuery.MAX_LIMIT, null));
    year.addAll(page.entries());
    for (int i = 0; i < PageCharts.MAX_CHART_PAGES && page.nextCursor() != null; i++) {
      page = uncloud.statements().page(a.user(), new StatementQuery(from, END_OF_TIME, null, StatementQuery.MAX_LIMIT,
          page.nextCursor()));
      year.addAll(page.entries());
    }
    vars.put("balanceChart", PageCharts.balance(year, from, now, a.balance(), l));
    vars.put("chargesChart", PageCharts.chargesPerService(year, YearMonth.from(now.atZone(ZoneOffset.UTC)), 12, l));
    return pages.page(r, "home", "home", vars);
  }

  // --- the statement ---

  private record Filter(Instant from, Instant to, ServiceName service, String fromText, String toText,
      String serviceText) {}

  private static Filter filter(GatewayHandler.Fields f) {
    String from = f.optional("from");
    String to = f.optional("to");
    String service = f.optional("service");
    return new Filter(day("from", from, Instant.EPOCH), day("to", to, END_OF_TIME),
        service == null ? null : ServiceName.of(service), from == null ? "" : from, to == null ? "" : to,
        service == null ? "" : service);
  }

  private static Instant day(String name, String text, Instant absent) {
    if (text == null) {
      return absent;
    }
    try {
      return java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw GatewayError.badRequest("invalid_argument", name + " must be a date such as 2026-11-01, not "
          + Texts.shown(text));
    }
  }

  private PageAnswer statement(PageRequest r) {
    GatewayHandler.Fields f = r.query("from", "to", "service", "cursor");
    Filter filter = filter(f);
    String cursor = f.optional("cursor");
    StatementPage page = uncloud.statements().page(user(r), new StatementQuery(filter.from(), filter.to(),
        filter.service(), STATEMENT_PAGE, cursor));
    Map<String, Object> vars = new HashMap<>();
    vars.put("entries", entryRows(page.entries()));
    vars.put("next", page.nextCursor());
    vars.put("first", cursor != null);
    vars.put("from", filter.fromText());
    vars.put("to", filter.toText());
    vars.put("service", filter.serviceText());
    vars.put("services", uncloud.credit().services().stream().map(s -> s.name().toString()).sorted().toList());
    return pages.page(r, "statement", "statement", vars);
  }

  /**
   * @param entries ledger entries
   * @return them as the statement table's rows
   */
  static List<Map<String, Object>> entryRows(List<LedgerEntry> entries) {
    List<Map<String, Object>> rows = new ArrayList<>(entries.size());
    for (LedgerEntry e : entries) {
      rows.add(PageFormat.row("id", e.id().toString(), "time", PageFormat.time(e.bookedAt()),
          "service", e.service().toString(), "kind", e.kind().name().toLowerCase(Locale.ROOT),
          "amount", PageFormat.money(e.delta()), "negative", e.delta().isNegative(), "comment", e.comment(),
          "after", PageFormat.money(e.balanceAfter()), "reverses", e.reversesIfAny().map(Object::toString).orElse(null)));
    }
    return rows;
  }

  private PageAnswer statementCsv(PageRequest r) {
    Filter filter = filter(r.query("from", "to", "service"));
    Username user = user(r);
    StringBuilder csv = new StringBuilder(StatementCsv.HEADER).append("\r\n");
    String cursor = null;
    do {
      StatementPage page = uncloud.statements().page(user, new StatementQuery(filter.from(), filter.to(),
          filter.service(), StatementQuery.MAX_LIMIT, cursor));
      StatementCsv.append(csv, page.entries());
      cursor = page.nextCursor();
    } while (cursor != null);
    return PageAnswer.csv("statement-" + user.value().replaceAll("[^A-Za-z0-9._-]", "_") + ".csv", csv.toString());
  }

  // --- bills ---

  private PageAnswer bills(PageRequest r) {
    Username user = user(r);
    YearMonth month = YearMonth.from(uncloud.clock().instant().atZone(ZoneOffset.UTC));
    Map<String, Object> vars = new HashMap<>();
    List<Bill> finals = new ArrayList<>(uncloud.billing().bills(user));
    java.util.Collections.reverse(finals);
    vars.put("bills", finals.stream().map(PersonPages::billRow).toList());
    vars.put("preview", uncloud.billing().preview(user, month).stream().map(PersonPages::billRow).toList());
    vars.put("month", month.toString());
    return pages.page(r, "bills", "bills", vars);
  }

  private static Map<String, Object> billRow(Bill b) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (BillLine line : b.lines()) {
      lines.add(PageFormat.row("description", line.description(), "amount", PageFormat.money(line.amount())));
    }
    return PageFormat.row("id", b.id(), "month", b.month().toString(), "status", b.status().name().toLowerCase(Locale.ROOT),
        "open", b.status() == Bill.Status.OPEN, "payment", b.payment().name().toLowerCase(Locale.ROOT),
        "total", PageFormat.money(b.total()), "due", b.dueDate() == null ? "" : b.dueDate().toString(),
        "note", b.note(), "lines", lines);
  }

  private PageAnswer payBill(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of("month"), "month");
    pages.requireCsrf(r, f);
    YearMonth month = ShopApi.month(f.get("month"));
    return pages.act(r, WebPages.PREFIX + "/bills", () -> {
      List<Bill> paid = uncloud.billing().pay(user(r), month, PaymentChoice.CARD);
      boolean allPaid = paid.stream().allMatch(b -> b.status() == Bill.Status.PAID);
      return PageRenderer.text(r.locale(), allPaid ? "bills.paid" : "bills.notPaid", month.toString());
    });
  }

  // --- orders ---

  private PageAnswer orders(PageRequest r) {
    Instant now = uncloud.clock().instant();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Order> all = new ArrayList<>(uncloud.orders().orders(user(r)));
    java.util.Collections.reverse(all);
    for (Order o : all) {
      rows.add(PageFormat.row("id", o.id(), "product", productName(o.productCode()), "parameters",
          new java.util.TreeMap<>(o.parameters()).toString().replaceAll("[{}]", ""),
          "monthly", PageFormat.money(o.monthly()), "oneTime", PageFormat.money(o.oneTime()),
          "payment", o.payment().name().toLowerCase(Locale.ROOT), "since", PageFormat.day(o.startsAt()),
          "ends", o.endsAt().map(PageFormat::day).orElse(""), "active", o.activeAt(now),
          "changeable", o.end() == null && !o.parameters().isEmpty()));
    }
    List<Map<String, Object>> products = new ArrayList<>();
    for (Product p : uncloud.catalog().products()) {
      if (p.orderable()) {
        products.add(PageFormat.row("code", p.code(), "name", p.name(), "description", p.description(),
            "monthly", p.resourcePriced() ? "" : p.monthly().toPlainString() + " " + uncloud.catalog().currency()));
      }
    }
    return pages.page(r, "orders", "orders", Map.of("orders", rows, "products", products));
  }

  private String productName(String code) {
    try {
      return uncloud.catalog().product(code).name();
    } catch (NotFoundException e) {
      return code;
    }
  }

  private PageAnswer newOrder(PageRequest r) {
    GatewayHandler.Fields f = r.query("product");
    String code = f.optional("product");
    if (code == null) {
      throw GatewayError.badRequest("missing_field", PageRenderer.text(r.locale(), "orders.chooseProduct"));
    }
    Product product = uncloud.catalog().product(code);
    Map<String, Object> vars = new HashMap<>();
    vars.put("product", PageFormat.row("code", product.code(), "name", product.name(), "description",
        product.description()));
    vars.put("parameters", parameterRows(product, Map.of(), r.locale()));
    vars.put("key", WebSessions.newId());
    return pages.page(r, "order-new", "orders", vars);
  }

  private static List<Map<String, Object>> parameterRows(Product product, Map<String, String> current, Locale locale) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ParameterSpec spec : product.parameters()) {
      boolean integer = spec.type() == ParameterSpec.Type.INTEGER;
      rows.add(PageFormat.row("name", spec.name(), "label", PageRenderer.textOr(locale, "param." + spec.name(), spec.name()), "field", "param." + spec.name(), "integer", integer,
          "min", integer ? Long.toString(spec.min()) : "", "max", integer ? Long.toString(spec.max()) : "",
          "choices", spec.choices(), "value", current.getOrDefault(spec.name(), integer ? Long.toString(spec.min())
              : spec.choices().isEmpty() ? "" : spec.choices().get(0))));
    }
    return rows;
  }

  private PageAnswer placeOrder(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of("product", "payment", "idempotency_key"), true, "product",
        "idempotency_key");
    pages.requireCsrf(r, f);
    PaymentChoice payment = payment(f.optional("payment"));
    return pages.act(r, WebPages.PREFIX + "/orders", () -> {
      var placed = uncloud.orders().placeOrder(new OrderRequest(user(r), f.get("product"), PageRequest.parameters(f),
          payment, IdempotencyKey.of(f.get("idempotency_key"))));
      return PageRenderer.text(r.locale(), "orders.placed", productName(placed.order().productCode()));
    });
  }

  private static PaymentChoice payment(String text) {
    if (text == null) {
      return PaymentChoice.BALANCE;
    }
    for (PaymentChoice choice : PaymentChoice.values()) {
      if (choice.name().equalsIgnoreCase(text)) {
        return choice;
      }
    }
    throw GatewayError.badRequest("invalid_argument", "payment must be balance, card or invoice, not " + Texts.shown(text));
  }

  private PageAnswer changeForm(PageRequest r, String orderId) {
    GatewayHandler.requireMethod(r.method(), "GET");
    r.query();
    Order order = uncloud.orders().order(user(r), orderId);
    Product product = uncloud.catalog().product(order.productCode());
    Map<String, Object> vars = new HashMap<>();
    vars.put("order", PageFormat.row("id", order.id(), "product", product.name(), "monthly",
        PageFormat.money(order.monthly())));
    vars.put("parameters", parameterRows(product, order.parameters(), r.locale()));
    vars.put("key", WebSessions.newId());
    return pages.page(r, "order-change", "orders", vars);
  }

  private PageAnswer changeOrder(PageRequest r, String orderId) {
    GatewayHandler.Fields f = r.form(Set.of("idempotency_key"), true, "idempotency_key");
    pages.requireCsrf(r, f);
    uncloud.orders().order(user(r), orderId); // another person's order: 404, as in the API
    return pages.act(r, WebPages.PREFIX + "/orders", () -> {
      Order replacement = uncloud.orders().change(user(r), orderId, PageRequest.parameters(f),
          IdempotencyKey.of(f.get("idempotency_key")));
      return PageRenderer.text(r.locale(), "orders.changed", PageFormat.money(replacement.monthly()),
          PageFormat.day(replacement.startsAt()));
    });
  }

  private PageAnswer cancelOrder(PageRequest r, String orderId) {
    GatewayHandler.Fields f = r.form(Set.of());
    pages.requireCsrf(r, f);
    uncloud.orders().order(user(r), orderId);
    return pages.act(r, WebPages.PREFIX + "/orders", () -> {
      Order cancelled = uncloud.orders().cancel(user(r), orderId);
      return PageRenderer.text(r.locale(), "orders.cancelled", cancelled.endsAt().map(PageFormat::day).orElse(""));
    });
  }

  // --- cards ---

  private PageAnswer cards(PageRequest r) {
    Map<String, Object> vars = new HashMap<>();
    try {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PaymentMethod card : uncloud.cards().list(user(r))) {
        rows.add(cardRow(card));
      }
      vars.put("cards", rows);
      vars.put("available", true);
    } catch (ConfigurationException e) {
      vars.put("cards", List.of());
      vars.put("available", false);
    }
    vars.put("key", WebSessions.newId());
    return pages.page(r, "cards", "cards", vars);
  }

  private static Map<String, Object> cardRow(PaymentMethod card) {
    return PageFormat.row("id", card.id(), "brand", card.brand(), "last4", card.last4(),
        "expiry", String.format(Locale.ROOT, "%02d/%d", card.expMonth(), card.expYear()), "isDefault", card.isDefault());
  }

  private PageAnswer registerCard(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of("idempotency_key"), "idempotency_key");
    pages.requireCsrf(r, f);
    CardRegistration registration = uncloud.cards().start(user(r), IdempotencyKey.of(f.get("idempotency_key")));
    String publishable = registration.publishableKey().orElseThrow(() -> new GatewayError(503, "no_card_widget",
        PageRenderer.text(r.locale(), "cards.noWidget")));
    Map<String, Object> vars = new HashMap<>();
    vars.put("setupId", registration.setupId());
    vars.put("clientSecret", registration.clientSecret().reveal());
    vars.put("publishableKey", publishable);
    vars.put("stripeJs", settings.stripeJs().toString());
    boolean testMode = publishable.startsWith("pk_test_");
    vars.put("testMode", testMode);
    vars.put("testCards", testMode ? TEST_CARDS : List.of());
    String origin = settings.stripeOrigin();
    return pages.page(r, "card-setup", "cards", vars).with("Content-Security-Policy", "default-src 'none'; "
        + "script-src 'self' " + origin + "; style-src 'self'; img-src 'self' data: " + origin + "; connect-src 'self' "
        + origin + " https://api.stripe.com; frame-src " + origin + " https://js.stripe.com https://hooks.stripe.com; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  }

  private PageAnswer completeCard(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of("setup_id"), "setup_id");
    pages.requireCsrf(r, f);
    return pages.act(r, WebPages.PREFIX + "/cards", () -> {
      PaymentMethod card = uncloud.cards().complete(user(r), f.get("setup_id"));
      return PageRenderer.text(r.locale(), "cards.saved", card.brand(), card.last4());
    });
  }

  private PageAnswer changeCard(PageRequest r, String cardId, boolean remove) {
    GatewayHandler.Fields f = r.form(Set.of());
    pages.requireCsrf(r, f);
    if (uncloud.cards().list(user(r)).stream().noneMatch(c -> c.id().equals(cardId))) {
      throw new NotFoundException("unknown_payment_method", PageRenderer.text(r.locale(), "cards.unknown"));
    }
    return pages.act(r, WebPages.PREFIX + "/cards", () -> {
      if (remove) {
        uncloud.cards().remove(user(r), cardId);
        return PageRenderer.text(r.locale(), "cards.removed");
      }
      uncloud.cards().makeDefault(user(r), cardId);
      return PageRenderer.text(r.locale(), "cards.madeDefault");
    });
  }

  // --- VMs and snapshots ---

  private PageAnswer vms(PageRequest r) {
    Username user = user(r);
    boolean snapshots = true;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Vm vm : uncloud.vms().list(user)) {
      List<Map<String, Object>> shots = new ArrayList<>();
      if (snapshots) {
        try {
          for (Snapshot s : uncloud.snapshots().list(user, Optional.of(vm.id()))) {
            shots.add(PageFormat.row("id", s.id(), "name", s.name(), "taken", PageFormat.time(s.createdAt()),
                "size", String.format(Locale.ROOT, "%.1f GB", s.sizeBytes() / 1e9), "protected", s.isProtected()));
          }
        } catch (ConfigurationException e) {
          snapshots = false;
        }
      }
      rows.add(PageFormat.row("id", vm.id().toString(), "product", productName(vm.productCode()), "order", vm.orderId(),
          "provisioned", vm.provisioned(), "snapshots", shots));
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("vms", rows);
    vars.put("snapshotsAvailable", snapshots);
    vars.put("key", WebSessions.newId());
    return pages.page(r, "vms", "vms", vars);
  }

  private PageAnswer takeSnapshot(PageRequest r, UUID vmId) {
    GatewayHandler.Fields f = r.form(Set.of("name", "idempotency_key"), "name", "idempotency_key");
    pages.requireCsrf(r, f);
    uncloud.vms().get(user(r), vmId); // another person's VM: 404
    return pages.act(r, WebPages.PREFIX + "/vms", () -> {
      Snapshot s = uncloud.snapshots().create(user(r), vmId, f.get("name"), IdempotencyKey.of(f.get("idempotency_key")))
          .snapshot();
      return PageRenderer.text(r.locale(), "vms.taken", s.name());
    });
  }

  private PageAnswer deleteSnapshot(PageRequest r, UUID vmId, String snapshotId) {
    GatewayHandler.Fields f = r.form(Set.of());
    pages.requireCsrf(r, f);
    Snapshot s = uncloud.snapshots().get(user(r), snapshotId);
    if (!s.vmId().equals(vmId)) {
      throw new NotFoundException("unknown_snapshot", PageRenderer.text(r.locale(), "vms.unknownSnapshot"));
    }
    return pages.act(r, WebPages.PREFIX + "/vms", () -> {
      uncloud.snapshots().delete(user(r), snapshotId);
      return PageRenderer.text(r.locale(), "vms.deleted", s.name());
    });
  }

  private static UUID vmId(String text) {
    if (!text.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      throw new GatewayError(404, "unknown_vm", "there is no such VM");
    }
    return UUID.fromString(text);
  }

  /** @return a zero of the credit currency, for charts of an account without entries */
  Money zero() {
    return Money.zero(uncloud.credit().currency());
  }
}
