package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.testkit.TestClock;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The admin API under /admin/v1/: accounts, invoices, unapplied payments, locks and settlements, scoped by ownership")
class AdminApiTest {
  private static final String RAPLAB = basic("raplab", "verygeheim");
  private static final String VPP = basic("vppadmin", "vppgeheim");
  private static final String BURSAR = basic("bursar", "bursargeheim");
  private static final String READER = basic(Lab.READER, Lab.READER_PASSWORD);
  private static final String NOBODY = basic(Lab.DIRECTORY_ADMIN, Lab.DIRECTORY_ADMIN_PASSWORD);
  private static final String ERST = basic("erstsemester", "erstgeheim");

  final TestClock clock = TestClock.at("2026-11-10T09:00:00Z");
  GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start(clock);
    assertThat(lab.post("/charge", GatewayHarness.chargeForm("nethzuser", "1.50")).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private List<String> names(JsonObject page) {
    return page.getJsonArray("accounts").getValuesAs(JsonObject.class).stream().map(a -> a.getString("username")).toList();
  }

  @Test
  @DisplayName("accounts are found by a name prefix, ignoring case, and paged by a cursor")
  void searchByPrefix() {
    JsonObject all = json(lab.get("/admin/v1/accounts", "Authorization", RAPLAB));
    JsonObject first = json(lab.get("/admin/v1/accounts?limit=1", "Authorization", RAPLAB));
    JsonObject second = json(lab.get("/admin/v1/accounts?limit=1&cursor=" + first.getString("next_cursor"),
        "Authorization", RAPLAB));
    JsonObject n = json(lab.get("/admin/v1/accounts?prefix=NETH", "Authorization", READER));

    assertThat(names(all)).containsExactly("erstsemester", "nethzuser", "schuldner");
    assertThat(names(first)).containsExactly("erstsemester");
    assertThat(names(second)).containsExactly("nethzuser");
    assertThat(n.getJsonArray("accounts").getJsonObject(0).getString("balance")).isEqualTo("18.50");
    assertThat(names(n)).containsExactly("nethzuser");
    assertThat(n.containsKey("next_cursor")).isFalse();
  }

  @Test
  @DisplayName("a directory user without entries yet is found by their whole name, at 0.00; a person asking gets 401 whether the name exists or not")
  void searchFindsADirectoryUserWithoutEntries() {
    JsonObject found = json(lab.get("/admin/v1/accounts?prefix=Neuling", "Authorization", RAPLAB));
    JsonObject partial = json(lab.get("/admin/v1/accounts?prefix=neul", "Authorization", RAPLAB));
    HttpResponse<String> personExisting = lab.get("/admin/v1/accounts?prefix=neuling", "Authorization", ERST);
    HttpResponse<String> personMissing = lab.get("/admin/v1/accounts?prefix=nemo", "Authorization", ERST);

    assertThat(names(found)).containsExactly("neuling");
    assertThat(found.getJsonArray("accounts").getJsonObject(0).getString("balance")).isEqualTo("0.00");
    assertThat(names(partial)).isEmpty();
    assertThat(personExisting.statusCode()).isEqualTo(401);
    assertThat(personMissing.statusCode()).isEqualTo(401);
    assertThat(personExisting.body()).isEqualTo(personMissing.body());
  }

  @Test
  @DisplayName("one account shows granted quota and paid credit apart, a charge spent from quota first")
  void accountShowsQuotaAndCreditApart() {
    lab.grantQuota("nethzuser", "7.50", clock.instant());
    assertThat(lab.post("/charge", GatewayHarness.chargeForm("nethzuser", "2.25")).statusCode()).isEqualTo(200);

    JsonObject account = json(lab.get("/admin/v1/accounts/nethzuser", "Authorization", READER));

    assertThat(account.getString("balance")).isEqualTo("23.75");
    assertThat(account.getString("quota")).isEqualTo("5.25");
    assertThat(account.getString("credit")).isEqualTo("18.50");
    assertThat(account.getBoolean("locked")).isFalse();
  }

  @Test
  @DisplayName("one account shows balance and lock state to every owner, but only the entries of the admin's own services; a reader sees all")
  void accountScopedByOwnership() {
    JsonObject owner = json(lab.get("/admin/v1/accounts/nethzuser", "Authorization", RAPLAB));
    JsonObject other = json(lab.get("/admin/v1/accounts/nethzuser", "Authorization", VPP));
    JsonObject reader = json(lab.get("/admin/v1/accounts/nethzuser", "Authorization", READER));

    assertThat(owner.getString("balance")).isEqualTo("18.50");
    assertThat(owner.getBoolean("locked")).isFalse();
    assertThat(owner.getJsonArray("recent_entries").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("service_name")).containsExactly("3dprint");
    assertThat(other.getString("balance")).isEqualTo("18.50");
    assertThat(other.getJsonArray("recent_entries")).isEmpty();
    assertThat(reader.getJsonArray("recent_entries").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("service_name")).containsExactly("deposits", "3dprint");
  }

  @Test
  @DisplayName("an account's statement is the customer's, limited to the admin's services; another service's is 403 unless a reader asks")
  void statementScoped() {
    JsonObject owner = json(lab.get("/admin/v1/accounts/nethzuser/entries?service=3dprint", "Authorization", RAPLAB));
    HttpResponse<String> foreign = lab.get("/admin/v1/accounts/nethzuser/entries?service=3dprint", "Authorization", VPP);
    HttpResponse<String> csv = lab.get("/admin/v1/accounts/nethzuser/entries", "Authorization", READER,
        "Accept", "text/csv");

    assertThat(owner.getJsonArray("entries")).hasSize(1);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(json(foreign).getString("error")).isEqualTo("not_service_owner");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body().lines().count()).as("header, deposit, charge").isEqualTo(3);
  }

  @Test
  @DisplayName("an admin who neither owns a service nor reads gets 403 everywhere, and nothing about the account")
  void neitherOwnerNorReaderIsRefused() {
    for (String path : List.of("/admin/v1/accounts", "/admin/v1/accounts/nethzuser", "/admin/v1/accounts/nosuchuser",
        "/admin/v1/accounts/nethzuser/entries", "/admin/v1/unapplied-payments")) {
      HttpResponse<String> response = lab.get(path, "Authorization", NOBODY);
      assertThat(response.statusCode()).as(path).isEqualTo(403);
      assertThat(response.body()).doesNotContain("18.50");
    }
    assertThat(lab.post("/admin/v1/reconcile-locks", new byte[0], null, "Authorization", NOBODY).statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("without admin credentials the admin API is 401 with a Basic challenge; a person's login is refused too")
  void needsAdminLogin() {
    HttpResponse<String> none = lab.get("/admin/v1/accounts");
    HttpResponse<String> person = lab.get("/admin/v1/accounts", "Authorization", ERST);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(person.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("an open invoice is marked paid by a bank transfer once: the same reference again answers the first outcome and books nothing")
  void markInvoicePaidOnce() {
    String id = openInvoice();
    JsonObject open = json(lab.get("/api/v1/bills", "Authorization", ERST)).getJsonArray("bills").getJsonObject(0);
    Money before = balance("erstsemester");

    HttpResponse<String> notCashier = lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "X"),
        "Authorization", RAPLAB);
    JsonObject paid = json(lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "RF18 5390 0754"),
        "Authorization", BURSAR));
    int entries = lab.entryCount();
    JsonObject again = json(lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "RF18 5390 0754"),
        "Authorization", BURSAR));

    assertThat(notCashier.statusCode()).isEqualTo(403);
    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getString("note")).contains("RF18 5390 0754");
    assertThat(balance("erstsemester")).isEqualTo(before.plus(Money.of(open.getString("total"), "CHF")));
    assertThat(again).isEqualTo(paid);
    assertThat(lab.entryCount()).isEqualTo(entries);
    assertThat(json(lab.get("/api/v1/bills", "Authorization", ERST)).getJsonArray("bills").getJsonObject(0)
        .getString("status")).isEqualTo("paid");
  }

  @Test
  @DisplayName("an invoice marked paid with one reference refuses another: 409 marked_paid_with_other_reference naming the first, nothing booked")
  void markPaidWithAnotherReferenceIsRefused() {
    String id = openInvoice();
    JsonObject paid = json(lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "RF18 5390 0754"),
        "Authorization", BURSAR));
    int entries = lab.entryCount();

    HttpResponse<String> other = lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "RF99 0001"),
        "Authorization", BURSAR);

    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other).getString("error")).isEqualTo("marked_paid_with_other_reference");
    assertThat(json(other).getString("message")).contains("reference RF18 5390 0754, not RF99 0001");
    assertThat(lab.entryCount()).isEqualTo(entries);
    assertThat(json(lab.get("/api/v1/bills", "Authorization", ERST)).getJsonArray("bills").getJsonObject(0))
        .isEqualTo(paid);
  }

  /** erstsemester's open November invoice, for a membership paid by invoice; its id. */
  private String openInvoice() {
    assertThat(lab.post("/api/v1/orders", form("product", "membership", "payment", "invoice"), "Authorization", ERST)
        .statusCode()).isEqualTo(201);
    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));
    return Bill.id(Username.of("erstsemester"), YearMonth.of(2026, 11), PaymentChoice.INVOICE);
  }

  @Test
  @DisplayName("only invoices can be marked paid: a balance bill is 400 not_an_invoice, an unknown id 404 unknown_bill")
  void markPaidOnlyInvoices() {
    assertThat(lab.post("/api/v1/orders", form("product", "membership"), "Authorization", ERST).statusCode())
        .isEqualTo(201);
    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));
    String id = Bill.id(Username.of("erstsemester"), YearMonth.of(2026, 11), PaymentChoice.BALANCE);

    HttpResponse<String> balanceBill = lab.post("/admin/v1/invoices/" + id + "/mark-paid", form("reference", "R1"),
        "Authorization", BURSAR);
    HttpResponse<String> unknown = lab.post("/admin/v1/invoices/2026-11-invoice-00000000000000000000/mark-paid",
        form("reference", "R1"), "Authorization", BURSAR);
    HttpResponse<String> malformed = lab.post("/admin/v1/invoices/nonsense/mark-paid", form("reference", "R1"),
        "Authorization", BURSAR);

    assertThat(balanceBill.statusCode()).isEqualTo(400);
    assertThat(json(balanceBill).getString("error")).isEqualTo("not_an_invoice");
    assertThat(json(unknown).getString("error")).isEqualTo("unknown_bill");
    assertThat(malformed.statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("the unapplied payments are the payment events' one list; the cashier and readers see it, applying an unknown one is 404")
  void unappliedPayments() {
    JsonObject list = json(lab.get("/admin/v1/unapplied-payments", "Authorization", BURSAR));
    HttpResponse<String> owner = lab.get("/admin/v1/unapplied-payments", "Authorization", RAPLAB);
    HttpResponse<String> apply = lab.post("/admin/v1/unapplied-payments/pi_none/apply", form("username", "nethzuser"),
        "Authorization", BURSAR);

    assertThat(list.getJsonArray("payments")).hasSize(lab.backend.uncloud().paymentEvents().unappliedPayments().size());
    assertThat(json(lab.get("/admin/v1/unapplied-payments", "Authorization", READER)).getJsonArray("payments")).isEmpty();
    assertThat(owner.statusCode()).isEqualTo(403);
    assertThat(apply.statusCode()).isEqualTo(404);
    assertThat(json(apply).getString("error")).isEqualTo("unknown_payment");
  }

  @Test
  @DisplayName("lock reconciliation rewrites a flag that disagrees with the ledger and says whom")
  void reconcileLocks() {
    lab.backend.directory().setLocked(Username.of("nethzuser"), true);

    JsonObject result = json(lab.post("/admin/v1/reconcile-locks", new byte[0], null, "Authorization", READER));

    assertThat(result.getInt("checked")).isGreaterThanOrEqualTo(3);
    assertThat(result.getJsonArray("corrected").getString(0)).isEqualTo("nethzuser");
    assertThat(lab.vppLock("nethzuser")).isEqualTo("FALSE");
  }

  @Test
  @DisplayName("the settlement is the owner's, as JSON or CSV; another service's owner gets 403")
  void settlement() {
    JsonObject s = json(lab.get("/admin/v1/settlement?service=3dprint&quarter=2026-Q4", "Authorization", RAPLAB));
    HttpResponse<String> csv = lab.get("/admin/v1/settlement?service=3dprint&quarter=2026-Q4", "Authorization", RAPLAB,
        "Accept", "text/csv");
    HttpResponse<String> foreign = lab.get("/admin/v1/settlement?service=3dprint&quarter=2026-Q4", "Authorization", VPP);

    assertThat(s.getString("charged")).isEqualTo("1.50");
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(foreign.statusCode()).isEqualTo(403);
  }

  private Money balance(String user) {
    return lab.backend.uncloud().credit().status(Username.of(user)).balance();
  }
}
