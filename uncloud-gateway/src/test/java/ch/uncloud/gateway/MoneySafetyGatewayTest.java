package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.chargeForm;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.testkit.TestClock;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The money-safety findings, driven over HTTP as a user or an attacker would: one account per
 * person whatever the spelling, charges only for users the service admits, each order paid its way.
 */
@DisplayName("Money safety over HTTP: one account per person, charges only for admitted users, orders paid as ordered")
class MoneySafetyGatewayTest {
  private static final Username NETHZ = Username.of("nethzuser");

  private final TestClock clock = TestClock.at("2026-11-10T09:00:00Z");
  private GatewayHarness lab;

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @DisplayName("POST /charge for NETHZUSER books on nethzuser's one account, answers nethzuser and does not lock them")
  void chargeUnderAnotherCase() {
    lab = GatewayHarness.start(clock);

    HttpResponse<String> charged = lab.post("/charge", chargeForm("NETHZUSER", "0.01"));
    HttpResponse<String> deposited = lab.post("/deposit", form("admin_username", "bursar", "admin_password",
        "bursargeheim", "username", "Nethzuser", "amount", "1.00", "currency", "CHF", "payment_comment", "cash"));
    HttpResponse<String> balance = lab.get("/balance?username=Nethzuser&admin_username=raplab&admin_password=verygeheim");
    HttpResponse<String> mayStart = lab.get("/may-start?service_name=3dprint&username=nethzuser"
        + "&admin_username=raplab&admin_password=verygeheim");

    assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);
    assertThat(json(charged).getString("username")).isEqualTo("nethzuser");
    assertThat(json(charged).getString("balance")).isEqualTo("19.99");
    assertThat(json(charged).getBoolean("locked")).isFalse();
    assertThat(json(deposited).getString("username")).isEqualTo("nethzuser");
    assertThat(json(balance).getString("username")).isEqualTo("nethzuser");
    assertThat(json(balance).getString("amount_available")).isEqualTo("20.99");
    assertThat(json(mayStart).getString("reason")).isEqualTo("ok");
    assertThat(lab.backend.directory().isLocked(NETHZ)).isFalse();
    assertThat(lab.backend.ledger().balances(Lab.CHF)).extracting(AccountBalance::account)
        .containsExactlyInAnyOrder(NETHZ, Username.of("erstsemester"), Username.of("schuldner"));
  }

  @Test
  @DisplayName("POST /charge on the lasercutter for a first-year student (may-start: not_authorized) is 403 not_authorized and books nothing")
  void chargeForUnauthorizedUser() {
    lab = GatewayHarness.start(clock);
    Map<String, String> laser = new HashMap<>(chargeForm("erstsemester", "12.00"));
    laser.put("service_name", "lasercutter");

    HttpResponse<String> mayStart = lab.get("/may-start?service_name=lasercutter&username=erstsemester"
        + "&admin_username=raplab&admin_password=verygeheim");
    HttpResponse<String> charged = lab.post("/charge", laser);

    assertThat(json(mayStart).getString("reason")).isEqualTo("not_authorized");
    assertThat(charged.statusCode()).as(charged.body()).isEqualTo(403);
    assertThat(json(charged).getString("error")).isEqualTo("not_authorized");
    assertThat(lab.backend.ledger().entries(Username.of("erstsemester"))).hasSize(1); // the seed deposit only
  }

  @Test
  @DisplayName("NethzUser logging in with nethzuser's password is nethzuser: a second membership is 409, the orders are nethzuser's")
  void shopLoginUnderAnotherCase() {
    lab = GatewayHarness.start(clock);
    String nethz = basic("nethzuser", "nethzgeheim");
    String shouting = basic("NethzUser", "nethzgeheim");

    HttpResponse<String> first = lab.post("/api/v1/orders", form("product", "membership"), "Authorization", nethz);
    HttpResponse<String> second = lab.post("/api/v1/orders", form("product", "membership"), "Authorization", shouting);
    HttpResponse<String> orders = lab.get("/api/v1/orders", "Authorization", shouting);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(json(second).getString("error")).isEqualTo("order_not_allowed");
    assertThat(json(orders).getJsonArray("orders").getValuesAs(JsonObject.class))
        .singleElement().satisfies(order -> assertThat(order.getString("username")).isEqualTo("nethzuser"));
  }

  @Test
  @DisplayName("a month with a membership paid by balance and hosting paid by invoice has two bills, each with its own order's lines")
  void billPerPaymentChoice() {
    lab = GatewayHarness.start(clock);
    String nethz = basic("nethzuser", "nethzgeheim");
    String membership = json(lab.post("/api/v1/orders", form("product", "membership"), "Authorization", nethz))
        .getString("order_id");
    String hosting = json(lab.post("/api/v1/orders", form("product", "django-hosting", "param.cores", "1",
        "param.ram_gb", "1", "param.os_disk_gb", "10", "param.os", "debian-12", "payment", "invoice"),
        "Authorization", nethz)).getString("order_id");
    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));

    JsonObject november = json(lab.get("/api/v1/bills/2026-11", "Authorization", nethz));

    assertThat(november.getString("payment")).isEqualTo("mixed");
    assertThat(november.getString("status")).isEqualTo("open");
    var bills = november.getJsonArray("bills").getValuesAs(JsonObject.class);
    assertThat(bills).extracting(b -> b.getString("payment")).containsExactly("balance", "invoice");
    assertThat(bills.get(0).getString("status")).isEqualTo("paid");
    assertThat(bills.get(0).getJsonArray("lines").getValuesAs(JsonObject.class))
        .allSatisfy(line -> assertThat(line.getString("order_id")).isEqualTo(membership));
    assertThat(bills.get(1).getString("status")).isEqualTo("open");
    assertThat(bills.get(1).getString("note")).startsWith("invoice sent");
    assertThat(bills.get(1).getJsonArray("lines").getValuesAs(JsonObject.class))
        .allSatisfy(line -> assertThat(line.getString("order_id")).isEqualTo(hosting));
    assertThat(json(lab.get("/api/v1/bills", "Authorization", nethz)).getJsonArray("bills")).hasSize(2);
  }
}
