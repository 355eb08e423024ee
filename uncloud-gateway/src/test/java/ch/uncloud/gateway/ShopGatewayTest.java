package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shop under /api/v1/, end to end over HTTP on the demo (embedded LDAP users, in-memory orders)")
class ShopGatewayTest {
  private static final String NETHZ = basic("nethzuser", "nethzgeheim");
  private static final String ERST = basic("erstsemester", "erstgeheim");
  private static final String VM_JSON = "{\"product\": \"ipv6-vm\", \"parameters\": {\"cores\": 2, \"ram_gb\": 4, "
      + "\"os_disk_gb\": \"20\", \"os\": \"debian-12\"}, \"payment\": \"invoice\"}";

  GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> order(String auth, String... fields) {
    return lab.post("/api/v1/orders", form(fields), "Authorization", auth);
  }

  private HttpResponse<String> orderJson(String auth, String body) {
    return lab.post("/api/v1/orders", body.getBytes(StandardCharsets.UTF_8), "application/json", "Authorization", auth);
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).getString("error")).isEqualTo(code);
  }

  @Test
  @DisplayName("GET /api/v1/products lists the catalog with prices and parameters, without logging in")
  void listsProducts() {
    HttpResponse<String> response = lab.get("/api/v1/products");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.getString("currency")).isEqualTo("CHF");
    assertThat(body.getJsonObject("resource_prices").getString("per_core")).isEqualTo("3.00");
    List<JsonObject> products = body.getJsonArray("products").getValuesAs(JsonObject.class);
    assertThat(products).extracting(p -> p.getString("code"))
        .containsExactly("membership", "ipv6-vm", "django-hosting", "ipv6-vpn", "vm-snapshot");
    assertThat(products.get(0).getString("monthly")).isEqualTo("5.00");
    assertThat(products.get(1).getString("monthly")).isEqualTo("resource_prices");
    assertThat(products.get(1).getBoolean("requires_membership")).isTrue();
    assertThat(products.get(1).getJsonArray("parameters").getValuesAs(JsonObject.class))
        .extracting(p -> p.getString("name")).containsExactly("cores", "ram_gb", "os_disk_gb", "os");
    assertThat(products.get(2).getString("one_time")).isEqualTo("35.00");
    assertThat(products.get(3).getJsonArray("free_with_active")).hasSize(2);
    assertThat(products.get(4).getString("usage_per_gb_second")).isEqualTo("0.00000014");
    assertThat(products.get(4).getBoolean("orderable")).isFalse();
  }

  @Test
  @DisplayName("a VM without a membership is 409 order_not_allowed, and nothing is ordered")
  void vmNeedsMembership() {
    assertError(orderJson(NETHZ, VM_JSON), 409, "order_not_allowed");

    assertThat(json(lab.get("/api/v1/orders", "Authorization", NETHZ)).getJsonArray("orders")).isEmpty();
  }

  @Test
  @DisplayName("a membership (form) then a VM (JSON) are ordered with 201 and listed for their user only")
  void ordersAndListsOwnOrders() {
    HttpResponse<String> membership = order(NETHZ, "product", "membership");
    HttpResponse<String> vm = orderJson(NETHZ, VM_JSON);

    assertThat(membership.statusCode()).as(membership.body()).isEqualTo(201);
    assertThat(vm.statusCode()).as(vm.body()).isEqualTo(201);
    JsonObject placed = json(vm);
    assertThat(placed.getString("username")).isEqualTo("nethzuser");
    assertThat(placed.getString("product")).isEqualTo("ipv6-vm");
    assertThat(placed.getString("monthly")).isEqualTo("13.00"); // 2 x 3.00 + 4 x 1.50 + 20 x 0.05
    assertThat(placed.getString("one_time")).isEqualTo("0.00");
    assertThat(placed.getString("payment")).isEqualTo("invoice");
    assertThat(placed.getJsonObject("parameters").getString("cores")).isEqualTo("2");
    assertThat(placed.get("ends_at")).isEqualTo(JsonValue.NULL);
    assertThat(placed.getBoolean("active")).isTrue();

    List<JsonObject> mine = json(lab.get("/api/v1/orders", "Authorization", NETHZ)).getJsonArray("orders")
        .getValuesAs(JsonObject.class);
    assertThat(mine).extracting(o -> o.getString("product")).containsExactly("membership", "ipv6-vm");
    assertThat(json(lab.get("/api/v1/orders/" + placed.getString("order_id"), "Authorization", NETHZ))
        .getString("order_id")).isEqualTo(placed.getString("order_id"));
    assertThat(json(lab.get("/api/v1/orders", "Authorization", ERST)).getJsonArray("orders")).isEmpty();
  }

  @Test
  @DisplayName("another user's order is 404 unknown_order, to read, cancel or change, and stays unchanged")
  void otherUsersOrderIsNotFound() {
    String id = json(order(NETHZ, "product", "membership")).getString("order_id");

    assertError(lab.get("/api/v1/orders/" + id, "Authorization", ERST), 404, "unknown_order");
    assertError(lab.post("/api/v1/orders/" + id + "/cancel", new byte[0], null, "Authorization", ERST), 404,
        "unknown_order");
    assertError(lab.post("/api/v1/orders/" + id + "/change", form(), "Authorization", ERST), 404, "unknown_order");
    assertThat(json(lab.get("/api/v1/orders/" + id, "Authorization", NETHZ)).get("ends_at")).isEqualTo(JsonValue.NULL);
  }

  @Test
  @DisplayName("a user cancels their own order: it gets an end; changing a VM upgrades it with a replacing order; "
      + "the membership is cancelled only once nothing that needs it runs on")
  void cancelsAndChanges() {
    String membership = json(order(NETHZ, "product", "membership")).getString("order_id");
    String vm = json(orderJson(NETHZ, VM_JSON)).getString("order_id");

    HttpResponse<String> refused = cancel(membership);
    HttpResponse<String> changed = lab.post("/api/v1/orders/" + vm + "/change",
        "{\"parameters\": {\"cores\": 4, \"ram_gb\": 4, \"os_disk_gb\": 20, \"os\": \"debian-12\"}}"
            .getBytes(StandardCharsets.UTF_8), "application/json", "Authorization", NETHZ);
    HttpResponse<String> vmCancelled = cancel(json(changed).getString("order_id"));
    HttpResponse<String> cancelled = cancel(membership);

    assertError(refused, 409, "order_not_allowed");
    assertThat(json(refused).getString("message")).contains(vm).contains("cancel it first");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(changed).getString("replaces")).isEqualTo(vm);
    assertThat(json(changed).getString("monthly")).isEqualTo("19.00");
    assertThat(vmCancelled.statusCode()).as(vmCancelled.body()).isEqualTo(200);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(Instant.parse(json(cancelled).getString("ends_at")))
        .isAfterOrEqualTo(Instant.parse(json(vmCancelled).getString("ends_at")));
  }

  private HttpResponse<String> cancel(String orderId) {
    return lab.post("/api/v1/orders/" + orderId + "/cancel", new byte[0], null, "Authorization", NETHZ);
  }

  @Test
  @DisplayName("bad parameters are 400 invalid_argument, an unknown product 404 unknown_product, a bad payment 400")
  void badOrdersAreRefused() {
    order(NETHZ, "product", "membership");

    assertError(orderJson(NETHZ, VM_JSON.replace("\"cores\": 2", "\"cores\": 99")), 400, "invalid_argument");
    assertError(order(NETHZ, "product", "ipv6-vm", "param.cores", "2"), 400, "invalid_argument");
    assertError(order(NETHZ, "product", "gold-plated-vm"), 404, "unknown_product");
    assertError(order(NETHZ, "product", "ipv6-vpn", "payment", "bitcoin"), 400, "invalid_argument");
    assertError(order(NETHZ, "product", "ipv6-vpn", "colour", "red"), 400, "unknown_field");
    assertError(order(NETHZ), 400, "missing_field");
    assertError(orderJson(NETHZ, "{\"product\": "), 400, "malformed_json");
    assertThat(json(lab.get("/api/v1/orders", "Authorization", NETHZ)).getJsonArray("orders")).hasSize(1);
  }

  @Test
  @DisplayName("a retried order with the same Idempotency-Key returns the first order; another order with it is 409")
  void idempotentOrders() {
    order(NETHZ, "product", "membership");
    HttpResponse<String> first = lab.post("/api/v1/orders", form("product", "ipv6-vpn"), "Authorization", NETHZ,
        "Idempotency-Key", "vpn-1");
    HttpResponse<String> retry = lab.post("/api/v1/orders", form("product", "ipv6-vpn"), "Authorization", NETHZ,
        "Idempotency-Key", "vpn-1");
    HttpResponse<String> other = lab.post("/api/v1/orders", form("product", "membership"), "Authorization", NETHZ,
        "Idempotency-Key", "vpn-1");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(json(retry).getString("order_id")).isEqualTo(json(first).getString("order_id"));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
    assertThat(json(lab.get("/api/v1/orders", "Authorization", NETHZ)).getJsonArray("orders")).hasSize(2);
  }

  @Test
  @DisplayName("a wrong password is 401 bad_credentials with a Basic challenge; no credentials 401 authentication_required")
  void wrongPassword() {
    HttpResponse<String> wrong = lab.get("/api/v1/orders", "Authorization", basic("nethzuser", "falsch"));
    HttpResponse<String> unknown = lab.get("/api/v1/bills", "Authorization", basic("niemand", "falsch"));
    HttpResponse<String> none = lab.get("/api/v1/orders");

    assertError(wrong, 401, "bad_credentials");
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(wrong.body()).doesNotContain("falsch");
    assertError(unknown, 401, "bad_credentials");
    assertThat(json(unknown).getString("message")).isEqualTo(json(wrong).getString("message").replace("nethzuser", "niemand"));
    assertError(none, 401, "authentication_required");
    assertError(order(basic("nethzuser", "falsch"), "product", "membership"), 401, "bad_credentials");
  }

  @Test
  @DisplayName("after 5 failed logins of one user the shop answers 429 with Retry-After, even to the right password")
  void rateLimitsFailedLogins() {
    for (int i = 0; i < 5; i++) {
      assertError(lab.get("/api/v1/orders", "Authorization", basic("nethzuser", "falsch" + i)), 401, "bad_credentials");
    }

    HttpResponse<String> limited = lab.get("/api/v1/orders", "Authorization", NETHZ);

    assertError(limited, 429, "too_many_login_failures");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(lab.get("/api/v1/orders", "Authorization", ERST).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("GET /api/v1/bills/{month} previews the user's bill for the running month: preliminary, with lines")
  void billPreview() {
    order(NETHZ, "product", "membership");
    YearMonth month = YearMonth.now(ZoneId.of("Europe/Zurich"));

    HttpResponse<String> response = lab.get("/api/v1/bills/" + month, "Authorization", NETHZ);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject bill = json(response);
    assertThat(bill.getString("username")).isEqualTo("nethzuser");
    assertThat(bill.getString("month")).isEqualTo(month.toString());
    assertThat(bill.getString("status")).isEqualTo("preliminary");
    assertThat(bill.getString("currency")).isEqualTo("CHF");
    List<JsonObject> lines = bill.getJsonArray("lines").getValuesAs(JsonObject.class);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).getString("kind")).isEqualTo("recurring");
    assertThat(lines.get(0).getString("amount")).isEqualTo(bill.getString("total"));
    assertThat(json(lab.get("/api/v1/bills/" + month, "Authorization", ERST)).getJsonArray("lines")).isEmpty();
    assertThat(json(lab.get("/api/v1/bills", "Authorization", NETHZ)).getJsonArray("bills")).isEmpty();
    assertError(lab.get("/api/v1/bills/2026-13", "Authorization", NETHZ), 400, "invalid_argument");
  }

  @Test
  @DisplayName("the shop has the lab's HTTP rules: 405 with Allow, 404 for unknown paths, 413 for big bodies, 415")
  void httpRules() {
    HttpResponse<String> wrongMethod = lab.post("/api/v1/products", form(), "Authorization", NETHZ);
    assertError(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    assertError(lab.get("/api/v1/nothing"), 404, "no_such_endpoint");
    assertError(lab.post("/api/v1/orders", new byte[70_000], "application/json", "Authorization", NETHZ), 413,
        "payload_too_large");
    HttpResponse<String> plain = lab.post("/api/v1/orders", "product=membership".getBytes(StandardCharsets.UTF_8),
        "text/plain", "Authorization", NETHZ);
    assertError(plain, 415, "unsupported_media_type");
    assertThat(json(plain).getString("message")).contains("application/json");
    assertError(lab.post("/api/v1/orders", "{}".getBytes(StandardCharsets.UTF_8), "application/json; charset=latin1",
        "Authorization", NETHZ), 415, "unsupported_media_type");
    assertError(lab.get("/api/v1/orders?user=schuldner", "Authorization", NETHZ), 400, "unknown_field");
  }
}
