package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.testkit.TestClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shop bills over HTTP: preliminary during the month, final after the billing run, each user only their own")
class ShopBillingGatewayTest {
  private static final String NETHZ = basic("nethzuser", "nethzgeheim");
  private static final String ERST = basic("erstsemester", "erstgeheim");

  final TestClock clock = TestClock.at("2026-11-10T09:00:00Z");
  GatewayHarness lab;

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Money balance(String user) {
    return lab.backend.uncloud().credit().status(Username.of(user)).balance();
  }

  @Test
  @DisplayName("after November's run the bills are final and booked once: paid from the balance, or open as an invoice with a due date")
  void finalBills() {
    lab = GatewayHarness.start(clock);
    assertThat(lab.post("/api/v1/orders", form("product", "membership"), "Authorization", NETHZ).statusCode())
        .isEqualTo(201);
    assertThat(lab.post("/api/v1/orders", form("product", "membership", "payment", "invoice"), "Authorization", ERST)
        .statusCode()).isEqualTo(201);

    JsonObject preliminary = json(lab.get("/api/v1/bills/2026-11", "Authorization", NETHZ));
    assertThat(preliminary.getString("status")).isEqualTo("preliminary");
    assertThat(json(lab.get("/api/v1/bills", "Authorization", NETHZ)).getJsonArray("bills")).isEmpty();
    assertThat(balance("nethzuser")).isEqualTo(Money.of("20.00", "CHF"));

    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));
    lab.backend.uncloud().billing().run(YearMonth.of(2026, 11));

    List<JsonObject> bills = json(lab.get("/api/v1/bills", "Authorization", NETHZ)).getJsonArray("bills")
        .getValuesAs(JsonObject.class);
    assertThat(bills).hasSize(1);
    JsonObject bill = bills.get(0);
    assertThat(bill.getString("username")).isEqualTo("nethzuser");
    assertThat(bill.getString("status")).isEqualTo("paid");
    assertThat(bill.getString("payment")).isEqualTo("balance");
    BigDecimal total = new BigDecimal(bill.getString("total"));
    assertThat(total).isGreaterThan(BigDecimal.ZERO).isLessThan(new BigDecimal("5.00"));
    assertThat(balance("nethzuser")).as("one ledger charge, despite two runs")
        .isEqualTo(Money.of("20.00", "CHF").minus(Money.of(total.toPlainString(), "CHF")));
    JsonObject november = json(lab.get("/api/v1/bills/2026-11", "Authorization", NETHZ));
    assertThat(november.getJsonArray("bills")).containsExactly(bill);
    assertThat(Json.createObjectBuilder(november).remove("bills").build()).as("the bill's fields but its id")
        .isEqualTo(Json.createObjectBuilder(bill).remove("bill_id").build());

    JsonObject invoice = json(lab.get("/api/v1/bills/2026-11", "Authorization", ERST));
    assertThat(invoice.getString("username")).isEqualTo("erstsemester");
    assertThat(invoice.getString("status")).isEqualTo("open");
    assertThat(invoice.getString("payment")).isEqualTo("invoice");
    assertThat(invoice.getString("due_date")).isNotBlank();
    assertThat(balance("erstsemester")).as("every final bill line is a ledger charge, however the bill is paid")
        .isEqualTo(Money.of("20.00", "CHF").minus(Money.of(invoice.getString("total"), "CHF")));
    assertThat(json(lab.get("/api/v1/bills", "Authorization", basic("schuldner", "schuldgeheim")))
        .getJsonArray("bills")).isEmpty();
  }
}
