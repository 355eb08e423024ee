package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.testkit.TestClock;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The customer API: a person's own balance, statement, bills and top-ups under /api/v1/")
class CustomerApiTest {
  private static final String NETHZ = basic("nethzuser", "nethzgeheim");
  private static final String ERST = basic("erstsemester", "erstgeheim");

  final TestClock clock = TestClock.at("2026-11-10T09:00:00Z");
  GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start(clock);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private void registerCard(String user) {
    Username person = Username.of(user);
    String setup = lab.backend.cards().startCardSetup(person).setupId();
    lab.backend.cards().confirmCardSetup(setup, "pm_card_visa");
    lab.backend.cards().completeCardSetup(person, setup);
  }

  private void charge(String amount) {
    assertThat(lab.post("/charge", GatewayHarness.chargeForm("nethzuser", amount)).statusCode()).isEqualTo(200);
    clock.advance(java.time.Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("GET /api/v1/me shows the person's own balance, lock state and the directory's spelling of the name")
  void me() {
    JsonObject me = json(lab.get("/api/v1/me", "Authorization", NETHZ));
    JsonObject other = json(lab.get("/api/v1/me", "Authorization", basic("schuldner", "schuldgeheim")));

    assertThat(me.getString("username")).isEqualTo("nethzuser");
    assertThat(me.getString("balance")).isEqualTo("20.00");
    assertThat(me.getBoolean("locked")).isFalse();
    assertThat(other.getString("balance")).isEqualTo("-5.00");
    assertThat(other.getBoolean("locked")).isTrue();
  }

  @Test
  @DisplayName("a hold reserved through the lab protocol shows in the person's /me (held, available, the hold itself), "
      + "not in another person's; released, it is gone")
  void meShowsOpenHolds() {
    JsonObject hold = json(lab.post("/hold", GatewayHarness.holdForm("nethzuser", "7.50", "job-1")));

    JsonObject me = json(lab.get("/api/v1/me", "Authorization", NETHZ));
    assertThat(me.getString("balance")).isEqualTo("20.00");
    assertThat(me.getString("held")).isEqualTo("7.50");
    assertThat(me.getString("available")).isEqualTo("12.50");
    assertThat(me.getJsonArray("holds").getValuesAs(JsonObject.class)).singleElement().satisfies(h -> {
      assertThat(h.getString("hold_id")).isEqualTo(hold.getString("hold_id"));
      assertThat(h.getString("service_name")).isEqualTo("3dprint");
      assertThat(h.getString("amount")).isEqualTo("7.50");
      assertThat(h.getString("currency")).isEqualTo("CHF");
      assertThat(h.getString("comment")).isEqualTo("laser job");
      assertThat(h.getString("created_at")).isEqualTo("2026-11-10T09:00:00Z");
      assertThat(h.getString("expires_at")).isEqualTo("2026-11-10T10:00:00Z");
    });
    assertThat(json(lab.get("/api/v1/me", "Authorization", ERST)).getJsonArray("holds")).isEmpty();

    lab.post("/release", GatewayHarness.form("admin_username", "raplab", "admin_password", "verygeheim", "hold_id",
        hold.getString("hold_id")));
    JsonObject released = json(lab.get("/api/v1/me", "Authorization", NETHZ));
    assertThat(released.getString("held")).isEqualTo("0.00");
    assertThat(released.getString("available")).isEqualTo("20.00");
    assertThat(released.getJsonArray("holds")).isEmpty();
  }

  @Test
  @DisplayName("GET /api/v1/me shows granted quota and paid credit apart, a charge spent from quota first")
  void meShowsQuotaAndCreditApart() {
    lab.grantQuota("nethzuser", "7.50", clock.instant());
    charge("2.25");

    JsonObject me = json(lab.get("/api/v1/me", "Authorization", NETHZ));

    assertThat(me.getString("balance")).isEqualTo("25.25");
    assertThat(me.getString("quota")).isEqualTo("5.25");
    assertThat(me.getString("credit")).isEqualTo("20.00");
    assertThat(me.getBoolean("locked")).isFalse();
  }

  @Test
  @DisplayName("GET /api/v1/me without a login is 401 with a Basic challenge")
  void meNeedsLogin() {
    HttpResponse<String> response = lab.get("/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @Test
  @DisplayName("the statement pages through the person's own entries with a limit and a cursor, each entry once")
  void statementPages() {
    charge("1.00");
    charge("2.00");
    List<String> amounts = new ArrayList<>();
    String next = "";
    do {
      JsonObject page = json(lab.get("/api/v1/me/entries?limit=2" + (next.isEmpty() ? "" : "&cursor=" + next),
          "Authorization", NETHZ));
      page.getJsonArray("entries").getValuesAs(JsonObject.class).forEach(e -> amounts.add(e.getString("amount")));
      next = page.getString("next_cursor", "");
    } while (!next.isEmpty());

    assertThat(amounts).containsExactly("20.00", "-1.00", "-2.00");
    assertThat(json(lab.get("/api/v1/me/entries", "Authorization", ERST)).getJsonArray("entries")).hasSize(1);
  }

  @Test
  @DisplayName("the statement filters by service and period")
  void statementFilters() {
    charge("1.00");

    JsonObject printing = json(lab.get("/api/v1/me/entries?service=3dprint&from=2026-11-01&to=2026-12-01",
        "Authorization", NETHZ));
    JsonObject before = json(lab.get("/api/v1/me/entries?to=2026-11-01", "Authorization", NETHZ));

    assertThat(printing.getJsonArray("entries")).singleElement().satisfies(e ->
        assertThat(e.asJsonObject().getString("service_name")).isEqualTo("3dprint"));
    assertThat(before.getJsonArray("entries")).isEmpty();
  }

  @Test
  @DisplayName("the statement as CSV (Accept: text/csv) lists every entry, and its amounts add up to the balance of /me")
  void statementCsvTotalMatchesBalance() {
    charge("1.25");
    charge("3.10");

    HttpResponse<String> csv = lab.get("/api/v1/me/entries", "Authorization", NETHZ, "Accept", "text/csv");
    BigDecimal total = BigDecimal.ZERO;
    String[] lines = csv.body().split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      total = total.add(new BigDecimal(lines[i].split(",")[4]));
    }

    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(lines[0]).isEqualTo(StatementCsv.HEADER);
    assertThat(lines).hasSize(4);
    assertThat(total).isEqualByComparingTo(json(lab.get("/api/v1/me", "Authorization", NETHZ)).getString("balance"));
  }

  @Test
  @DisplayName("a bad statement query (a cursor from elsewhere, a malformed date, a limit out of range) is a 400 JSON error")
  void statementRefusesBadQueries() {
    for (String query : List.of("cursor=bm9uZQ", "from=yesterday", "limit=0", "limit=5000", "to=2020-01-01&from=2021-01-01")) {
      HttpResponse<String> response = lab.get("/api/v1/me/entries?" + query, "Authorization", NETHZ);

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(json(response).getString("error")).isEqualTo("invalid_argument");
    }
  }

  @Test
  @DisplayName("POST /api/v1/topups charges the default card once per Idempotency-Key and books the deposit")
  void topUpByCard() {
    registerCard("nethzuser");
    byte[] body = "{\"amount\": \"15.00\"}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> first = lab.post("/api/v1/topups", body, "application/json", "Authorization", NETHZ,
        "Idempotency-Key", "topup-1");
    HttpResponse<String> retry = lab.post("/api/v1/topups", body, "application/json", "Authorization", NETHZ,
        "Idempotency-Key", "topup-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(first).getString("balance")).isEqualTo("35.00");
    assertThat(json(retry).getString("charge_id")).isEqualTo(json(first).getString("charge_id"));
    assertThat(lab.backend.cards().succeededChargeCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a top-up without an Idempotency-Key, or without a card, is refused and books nothing")
  void topUpRefusals() {
    int entries = lab.entryCount();
    HttpResponse<String> noKey = lab.post("/api/v1/topups", form("amount", "5.00"), "Authorization", NETHZ);
    HttpResponse<String> noCard = lab.post("/api/v1/topups", form("amount", "5.00"), "Authorization", ERST,
        "Idempotency-Key", "k");

    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(json(noKey).getString("error")).isEqualTo("missing_field");
    assertThat(noCard.statusCode()).isEqualTo(402);
    assertThat(json(noCard).getString("error")).isEqualTo("no_payment_method");
    assertThat(lab.entryCount()).isEqualTo(entries);
  }

  @Test
  @DisplayName("POST /api/v1/bills/MONTH/pay pays the person's open invoice by card; another person's month has nothing to pay")
  void payOpenBillByCard() {
    registerCard("nethzuser");
    assertThat(lab.post("/api/v1/orders", form("product", "membership", "payment", "invoice"), "Authorization", NETHZ)
        .statusCode()).isEqualTo(201);
    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));
    assertThat(json(lab.get("/api/v1/bills/2026-11", "Authorization", NETHZ)).getString("status")).isEqualTo("open");

    HttpResponse<String> someoneElse = lab.post("/api/v1/bills/2026-11/pay", new byte[0], null, "Authorization", ERST);
    HttpResponse<String> paid = lab.post("/api/v1/bills/2026-11/pay", new byte[0], null, "Authorization", NETHZ);

    assertThat(someoneElse.statusCode()).isEqualTo(400);
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    assertThat(json(paid).getString("status")).isEqualTo("paid");
    assertThat(json(lab.get("/api/v1/bills/2026-11", "Authorization", NETHZ)).getString("status")).isEqualTo("paid");
  }

  @Test
  @DisplayName("GET /api/v1/bills/{bill_id} shows one final bill of the person; another person's bill id is 404 like a missing one")
  void oneBillById() {
    assertThat(lab.post("/api/v1/orders", form("product", "membership", "payment", "invoice"), "Authorization", ERST)
        .statusCode()).isEqualTo(201);
    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));
    JsonObject listed = json(lab.get("/api/v1/bills", "Authorization", ERST)).getJsonArray("bills").getJsonObject(0);
    String id = listed.getString("bill_id");

    JsonObject bill = json(lab.get("/api/v1/bills/" + id, "Authorization", ERST));
    HttpResponse<String> foreign = lab.get("/api/v1/bills/" + id, "Authorization", NETHZ);
    HttpResponse<String> missing = lab.get("/api/v1/bills/2026-11-invoice-00000000000000000000", "Authorization", ERST);

    assertThat(bill).isEqualTo(listed);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(json(foreign).getString("error")).isEqualTo("unknown_bill");
    assertThat(json(missing).getString("message")).isEqualTo(json(foreign).getString("message")
        .replace(id, "2026-11-invoice-00000000000000000000"));
  }

  @Test
  @DisplayName("a month that is over but not billed yet shows its final bill by id too, as the month's preview does")
  void unbilledMonthBillById() {
    JsonObject past = json(lab.get("/api/v1/bills/2001-01", "Authorization", NETHZ)).getJsonArray("bills").getJsonObject(0);

    assertThat(json(lab.get("/api/v1/bills/" + past.getString("bill_id"), "Authorization", NETHZ))).isEqualTo(past);
  }
}
