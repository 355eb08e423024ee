package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AccountOverview;
import ch.uncloud.api.credit.AccountSearchPage;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.api.shop.Bill;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The administrators' pages under {@code /app/admin/}: find an account, see its entries, reverse one
 * (after a confirmation page, with a reason), book a deposit, a quarter's settlement per service (with a
 * chart and CSV), the open invoices (mark one paid) and the lock flags (reconcile). What an admin may see
 * and do is the core's rule, with the admin's core session from the login: the same as {@code /admin/v1/}.
 */
final class AdminPages {
  private static final int ENTRIES_PAGE = 50;
  private static final int SEARCH_PAGE = 50;

  private final Uncloud uncloud;
  private final WebPages pages;
  private final BookingRefusals refusals;

  AdminPages(Uncloud uncloud, WebPages pages) {
    this.uncloud = uncloud;
    this.pages = pages;
    this.refusals = new BookingRefusals(uncloud.credit());
  }

  PageAnswer route(PageRequest r, String path) {
    String method = r.method();
    switch (path) {
      case "/" -> {
        GatewayHandler.requireMethod(method, "GET");
        return accounts(r);
      }
      case "/account" -> {
        GatewayHandler.requireMethod(method, "GET");
        return account(r);
      }
      case "/reverse" -> {
        return method.equals("POST") ? reverse(r) : confirmReverse(r);
      }
      case "/deposit" -> {
        GatewayHandler.requireMethod(method, "POST");
        return deposit(r);
      }
      case "/settlement" -> {
        GatewayHandler.requireMethod(method, "GET");
        return settlement(r);
      }
      case "/settlement.csv" -> {
        GatewayHandler.requireMethod(method, "GET");
        GatewayHandler.Fields f = r.query("service", "quarter");
        Settlement s = settle(r, f);
        return PageAnswer.csv("settlement-" + s.service() + "-" + s.quarter() + ".csv", SettlementCsv.write(s));
      }
      case "/invoices" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return invoices(r);
      }
      case "/invoices/mark-paid" -> {
        GatewayHandler.requireMethod(method, "POST");
        return markPaid(r);
      }
      case "/locks" -> {
        GatewayHandler.requireMethod(method, "GET");
        r.query();
        return pages.page(r, "admin-locks", "locks", Map.of());
      }
      case "/locks/reconcile" -> {
        GatewayHandler.requireMethod(method, "POST");
        return reconcile(r);
      }
      default -> throw new GatewayError(404, "no_such_endpoint", PageRenderer.text(r.locale(), "error.noPage"));
    }
  }

  private AdminSession admin(PageRequest r) {
    return r.session().admin();
  }

  private static String accountUrl(String user) {
    return WebPages.PREFIX + "/admin/account?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
  }

  private PageAnswer accounts(PageRequest r) {
    GatewayHandler.Fields f = r.query("prefix", "cursor");
    String prefix = f.optional("prefix");
    Map<String, Object> vars = new HashMap<>();
    vars.put("prefix", prefix == null ? "" : prefix);
    AccountSearchPage page = uncloud.accounts().search(admin(r), prefix == null ? "" : prefix, SEARCH_PAGE,
        f.optional("cursor"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AccountBalance a : page.accounts()) {
      rows.add(PageFormat.row("name", a.account().value(), "balance", PageFormat.money(a.balance()),
          "negative", a.balance().isNegative()));
    }
    vars.put("accounts", rows);
    vars.put("next", page.nextCursor());
    vars.put("services", owned(r));
    return pages.page(r, "admin-accounts", "accounts", vars);
  }

  private List<String> owned(PageRequest r) {
    return admin(r).ownedServices().stream().map(ServiceName::toString).sorted().toList();
  }

  private PageAnswer account(PageRequest r) {
    GatewayHandler.Fields f = r.query("user", "cursor");
    String name = f.optional("user");
    if (name == null) {
      throw GatewayError.badRequest("missing_field", PageRenderer.text(r.locale(), "admin.nameMissing"));
    }
    Username user = Username.of(name);
    AccountOverview overview = uncloud.accounts().account(admin(r), user);
    String cursor = f.optional("cursor");
    StatementPage page = uncloud.accounts().statement(admin(r), overview.account().user(),
        new StatementQuery(java.time.Instant.EPOCH, java.time.Instant.parse("9999-01-01T00:00:00Z"), null,
            ENTRIES_PAGE, cursor));
    Map<String, Object> vars = new HashMap<>();
    var a = overview.account();
    vars.put("user", a.user().value());
    vars.put("balance", PageFormat.money(a.balance()));
    vars.put("available", PageFormat.money(a.available()));
    vars.put("quota", PageFormat.money(a.quota()));
    vars.put("locked", a.locked());
    vars.put("entries", PersonPages.entryRows(page.entries()));
    vars.put("next", page.nextCursor());
    vars.put("first", cursor != null);
    vars.put("currency", a.balance().currency().getCurrencyCode());
    vars.put("canDeposit", admin(r).owns(DepositRequest.CASHIER));
    vars.put("key", WebSessions.newId());
    vars.put("reversible", reversibleIds(page.entries()));
    return pages.page(r, "admin-account", "accounts", vars);
  }

  /** @return the ids of the entries offered for reversal: charges and deposits of services the admin owns */
  private static List<String> reversibleIds(List<LedgerEntry> entries) {
    List<String> ids = new ArrayList<>();
    for (LedgerEntry e : entries) {
      if (e.kind() != ch.uncloud.api.credit.EntryKind.REVERSAL) {
        ids.add(e.id().toString());
      }
    }
    return ids;
  }

  private PageAnswer confirmReverse(PageRequest r) {
    GatewayHandler.Fields f = r.query("entry", "user");
    String entry = f.optional("entry");
    String name = f.optional("user");
    if (entry == null || name == null) {
      throw GatewayError.badRequest("missing_field", PageRenderer.text(r.locale(), "admin.reverseMissing"));
    }
    LedgerEntry found = findEntry(r, Username.of(name), entry);
    Map<String, Object> vars = new HashMap<>();
    vars.put("user", found.account().value());
    vars.put("entry", PersonPages.entryRows(List.of(found)).get(0));
    vars.put("key", WebSessions.newId());
    return pages.page(r, "admin-reverse", "accounts", vars);
  }

  /** The entry as the admin may see it in the account's statement; anything else is not found (404). */
  private LedgerEntry findEntry(PageRequest r, Username user, String entryId) {
    String cursor = null;
    do {
      StatementPage page = uncloud.accounts().statement(admin(r), user, new StatementQuery(java.time.Instant.EPOCH,
          java.time.Instant.parse("9999-01-01T00:00:00Z"), null, StatementQuery.MAX_LIMIT, cursor));
      for (LedgerEntry e : page.entries()) {
        if (e.id().toString().equals(entryId)) {
          return e;
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    throw new ch.uncloud.api.NotFoundException("unknown_charge", PageRenderer.text(r.locale(), "admin.unknownEntry"));
  }

  private PageAnswer reverse(PageRequest r) {
    GatewayHandler.Fields f = refusals.read(() -> {
      GatewayHandler.Fields form = r.form(Set.of("entry", "user", "reason", "idempotency_key"), "entry", "user",
          "idempotency_key");
      pages.requireCsrf(r, form);
      return form;
    });
    String back = accountUrl(f.get("user"));
    return pages.act(r, back, () -> {
      EntryId entry = refusals.read(() -> EntryId.of(f.get("entry")));
      IdempotencyKey key = refusals.read(() -> IdempotencyKey.of(f.get("idempotency_key")));
      Charge reversal = uncloud.credit().reverse(admin(r), entry, f.optional("reason") == null ? "" : f.get("reason"),
          key);
      return PageRenderer.text(r.locale(), "admin.reversedEntry", f.get("entry"), PageFormat.money(reversal.balance()));
    });
  }

  private PageAnswer deposit(PageRequest r) {
    GatewayHandler.Fields f = refusals.read(() -> {
      GatewayHandler.Fields form = r.form(Set.of("user", "amount", "comment", "idempotency_key"), "user",
          "idempotency_key");
      pages.requireCsrf(r, form);
      return form;
    });
    String back = accountUrl(f.get("user"));
    return pages.act(r, back, () -> {
      String amount = f.optional("amount") == null ? "" : f.get("amount");
      DepositRequest request = refusals.read(() -> new DepositRequest(DepositRequest.CASHIER,
          Username.of(f.get("user")), Money.of(amount, uncloud.credit().currency().getCurrencyCode()),
          f.optional("comment") == null ? "" : f.get("comment"), IdempotencyKey.of(f.get("idempotency_key"))));
      Charge deposit = uncloud.credit().deposit(admin(r), request);
      return PageRenderer.text(r.locale(), "admin.deposited", PageFormat.money(deposit.amount()),
          PageFormat.money(deposit.balance()));
    });
  }

  private Settlement settle(PageRequest r, GatewayHandler.Fields f) {
    String service = f.optional("service");
    String quarter = f.optional("quarter");
    if (service == null || quarter == null) {
      throw GatewayError.badRequest("missing_field", PageRenderer.text(r.locale(), "admin.settlementMissing"));
    }
    return uncloud.credit().settlement(admin(r), ServiceName.of(service), Quarter.parse(quarter));
  }

  private PageAnswer settlement(PageRequest r) {
    GatewayHandler.Fields f = r.query("service", "quarter");
    List<String> services = owned(r);
    Quarter current = Quarter.of(LocalDate.ofInstant(uncloud.clock().instant(), ZoneOffset.UTC));
    Map<String, Object> vars = new HashMap<>();
    vars.put("services", services);
    List<String> quarters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      LocalDate day = current.firstDay().minusMonths(3L * i);
      quarters.add(Quarter.of(day).toString());
    }
    vars.put("quarters", quarters);
    String service = f.optional("service");
    String quarter = f.optional("quarter");
    vars.put("service", service == null ? (services.isEmpty() ? "" : services.get(0)) : service);
    vars.put("quarter", quarter == null ? current.toString() : quarter);
    if (service != null && quarter != null) {
      Settlement s = settle(r, f);
      vars.put("s", PageFormat.row("service", s.service().toString(), "quarter", s.quarter().toString(),
          "zone", s.zone().getId(), "charged", PageFormat.money(s.charged()), "credited", PageFormat.money(s.credited()),
          "reversed", PageFormat.money(s.reversed()), "net", PageFormat.money(s.net()),
          "fromQuota", PageFormat.money(s.paidFromQuota()), "fromCredit", PageFormat.money(s.paidFromCredit()),
          "lines", s.lines().size()));
      List<Map<String, Object>> lines = new ArrayList<>();
      for (LedgerEntry e : s.lines()) {
        lines.add(PageFormat.row("id", e.id().toString(), "time", PageFormat.time(e.bookedAt()),
            "user", e.account().value(), "kind", e.kind().name().toLowerCase(Locale.ROOT),
            "amount", PageFormat.money(e.delta()), "comment", e.comment(), "admin", e.principal()));
      }
      vars.put("lines", lines);
      YearMonth last = YearMonth.from(s.quarter().endExclusive().minusDays(1));
      vars.put("chart", PageCharts.chargesPerService(s.lines(), last, 3, r.locale()));
    }
    return pages.page(r, "admin-settlement", "settlement", vars);
  }

  private PageAnswer invoices(PageRequest r) {
    Map<String, Object> vars = new HashMap<>();
    try {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Bill b : uncloud.billing().openInvoices(admin(r))) {
        rows.add(PageFormat.row("id", b.id(), "user", b.account().value(), "month", b.month().toString(),
            "total", PageFormat.money(b.total()), "due", b.dueDate() == null ? "" : b.dueDate().toString()));
      }
      vars.put("invoices", rows);
      vars.put("allowed", true);
    } catch (ForbiddenException | ConfigurationException e) {
      vars.put("invoices", List.of());
      vars.put("allowed", false);
      vars.put("why", PageErrors.describe(e, r.locale()));
    }
    return pages.page(r, "admin-invoices", "invoices", vars);
  }

  private PageAnswer markPaid(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of("bill", "reference"), "bill");
    pages.requireCsrf(r, f);
    return pages.act(r, WebPages.PREFIX + "/admin/invoices", () -> {
      Bill paid = uncloud.billing().markPaid(admin(r), f.get("bill"), f.optional("reference") == null ? ""
          : f.get("reference"));
      return PageRenderer.text(r.locale(), "admin.markedPaid", paid.id(), paid.account().value());
    });
  }

  private PageAnswer reconcile(PageRequest r) {
    GatewayHandler.Fields f = r.form(Set.of());
    pages.requireCsrf(r, f);
    LockReconciliation result = uncloud.credit().reconcileLocks(admin(r));
    Map<String, Object> vars = new HashMap<>();
    vars.put("checked", result.checked());
    vars.put("corrected", result.corrected().stream().map(Username::value).toList());
    vars.put("failed", result.failed().stream().map(Username::value).toList());
    vars.put("ran", true);
    return pages.page(r, "admin-locks", "locks", vars);
  }
}
