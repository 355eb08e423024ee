package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Malformed requests made from the OpenAPI document: for every operation, starting from one valid
 * request of it, each required field left out, each constrained field of the wrong type or form, and
 * an unknown field added (in the body and in the query). Each must answer a 4xx JSON error without a
 * stack trace and book nothing. An operation of the document without a valid example here fails, so
 * a new route cannot go without its cases.
 */
@DisplayName("Malformed requests generated from the OpenAPI document get a 4xx JSON error and change nothing")
class GeneratedMalformedInputTest {
  private static final String PERSON = GatewayHarness.basic("nethzuser", "nethzgeheim");
  private static final String ADMIN = GatewayHarness.basic("raplab", "verygeheim");
  private static final String CASHIER = GatewayHarness.basic("bursar", "bursargeheim");
  private static final String READER = GatewayHarness.basic(Lab.READER, Lab.READER_PASSWORD);
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";
  private static final String VM = "/api/v1/vms/00000000-0000-4000-8000-000000000001";

  static GatewayHarness lab;

  /** A valid request of one operation, the start of its malformed variants. */
  record Example(String path, Map<String, String> query, String contentType, Map<String, String> body,
      String... headers) {
    static Example get(String path, Map<String, String> query, String... headers) {
      return new Example(path, query, null, Map.of(), headers);
    }

    static Example post(String path, String contentType, Map<String, String> body, String... headers) {
      return new Example(path, Map.of(), contentType, body, headers);
    }
  }

  private static Map<String, String> admin(String... pairs) {
    Map<String, String> fields = form("admin_username", "raplab", "admin_password", "verygeheim");
    fields.putAll(form(pairs));
    return fields;
  }

  /** One valid request per operationId. */
  static final Map<String, Example> EXAMPLES = Map.ofEntries(
      Map.entry("openApiDocument", Example.get("/openapi.json", Map.of())),
      Map.entry("health", Example.get("/health", Map.of())),
      Map.entry("healthLive", Example.get("/health/live", Map.of())),
      Map.entry("healthReady", Example.get("/health/ready", Map.of())),
      Map.entry("charge", Example.post("/charge", FORM, GatewayHarness.chargeForm("nethzuser", "1.00"))),
      Map.entry("deposit", Example.post("/deposit", FORM, admin("username", "nethzuser", "amount", "1.00",
          "currency", "CHF", "payment_comment", "cash", "service_name", "3dprint"))),
      Map.entry("reverse", Example.post("/reverse", FORM, admin("charge_id", "1", "reason", "mistake"))),
      Map.entry("balance", Example.get("/balance", admin("username", "nethzuser"))),
      Map.entry("mayStart", Example.get("/may-start", admin("username", "nethzuser", "service_name", "3dprint"))),
      Map.entry("settlement", Example.get("/settlement", admin("service_name", "3dprint", "quarter", "2026-Q4"))),
      Map.entry("hold", Example.post("/hold", FORM, admin("service_name", "3dprint", "username", "nethzuser",
          "amount", "1.00", "currency", "CHF", "payment_comment", "print job", "expires_in_seconds", "600"))),
      Map.entry("capture", Example.post("/capture", FORM, admin("hold_id", "hold_none", "amount", "1.00",
          "currency", "CHF"))),
      Map.entry("release", Example.post("/release", FORM, admin("hold_id", "hold_none"))),
      Map.entry("paymentWebhook", Example.post("/stripe/webhook", JSON, Map.of("type", "ping"))),
      Map.entry("listProducts", Example.get("/api/v1/products", Map.of())),
      Map.entry("listOrders", Example.get("/api/v1/orders", Map.of(), "Authorization", PERSON)),
      Map.entry("placeOrder", Example.post("/api/v1/orders", JSON, form("product", "membership", "payment", "balance"),
          "Authorization", PERSON)),
      Map.entry("getOrder", Example.get("/api/v1/orders/none", Map.of(), "Authorization", PERSON)),
      Map.entry("cancelOrder", Example.post("/api/v1/orders/none/cancel", FORM, Map.of(), "Authorization", PERSON)),
      Map.entry("changeOrder", Example.post("/api/v1/orders/none/change", JSON, form("idempotency_key", "k1"),
          "Authorization", PERSON)),
      Map.entry("listBills", Example.get("/api/v1/bills", Map.of(), "Authorization", PERSON)),
      Map.entry("getMonth", Example.get("/api/v1/bills/2026-11", Map.of(), "Authorization", PERSON)),
      Map.entry("me", Example.get("/api/v1/me", Map.of(), "Authorization", PERSON)),
      Map.entry("myEntries", Example.get("/api/v1/me/entries", form("limit", "10"), "Authorization", PERSON)),
      Map.entry("payBill", Example.post("/api/v1/bills/2026-11/pay", FORM, Map.of(), "Authorization", PERSON)),
      Map.entry("topUp", Example.post("/api/v1/topups", JSON, form("amount", "5.00"), "Authorization", PERSON,
          "Idempotency-Key", "malformed-1")),
      Map.entry("listCards", Example.get("/api/v1/cards", Map.of(), "Authorization", PERSON)),
      Map.entry("startCardRegistration", Example.post("/api/v1/cards", JSON, form("idempotency_key", "malformed-2"),
          "Authorization", PERSON)),
      Map.entry("completeCardRegistration", Example.post("/api/v1/cards/seti_none/complete", FORM, Map.of(),
          "Authorization", PERSON)),
      Map.entry("makeCardDefault", Example.post("/api/v1/cards/pm_none/default", FORM, Map.of(),
          "Authorization", PERSON)),
      Map.entry("removeCard", Example.get("/api/v1/cards/pm_none", Map.of(), "Authorization", PERSON)),
      Map.entry("listVms", Example.get("/api/v1/vms", Map.of(), "Authorization", PERSON)),
      Map.entry("getVm", Example.get(VM, Map.of(), "Authorization", PERSON)),
      Map.entry("listSnapshots", Example.get(VM + "/snapshots", Map.of(), "Authorization", PERSON)),
      Map.entry("takeSnapshot", Example.post(VM + "/snapshots", JSON, form("name", "first"), "Authorization", PERSON,
          "Idempotency-Key", "malformed-3")),
      Map.entry("getSnapshot", Example.get(VM + "/snapshots/snap_none", Map.of(), "Authorization", PERSON)),
      Map.entry("deleteSnapshot", Example.get(VM + "/snapshots/snap_none", Map.of(), "Authorization", PERSON)),
      Map.entry("protectSnapshot", Example.post(VM + "/snapshots/snap_none/protect", FORM, Map.of(),
          "Authorization", PERSON)),
      Map.entry("unprotectSnapshot", Example.post(VM + "/snapshots/snap_none/unprotect", FORM, Map.of(),
          "Authorization", PERSON)),
      Map.entry("adminSearchAccounts", Example.get("/admin/v1/accounts", form("prefix", "n"), "Authorization", ADMIN)),
      Map.entry("adminAccount", Example.get("/admin/v1/accounts/nethzuser", Map.of(), "Authorization", ADMIN)),
      Map.entry("adminAccountEntries", Example.get("/admin/v1/accounts/nethzuser/entries", form("limit", "10"),
          "Authorization", ADMIN)),
      Map.entry("adminMarkInvoicePaid", Example.post("/admin/v1/invoices/2026-11-invoice-00000000000000000000/mark-paid",
          FORM, form("reference", "RF18"), "Authorization", CASHIER)),
      Map.entry("adminUnappliedPayments", Example.get("/admin/v1/unapplied-payments", Map.of(), "Authorization", CASHIER)),
      Map.entry("adminApplyPayment", Example.post("/admin/v1/unapplied-payments/pi_none/apply", FORM,
          form("username", "nethzuser"), "Authorization", CASHIER)),
      Map.entry("adminReconcileLocks", Example.post("/admin/v1/reconcile-locks", FORM, Map.of(), "Authorization", ADMIN)),
      Map.entry("adminParkedEvents", Example.get("/admin/v1/parked-events", Map.of(), "Authorization", READER)),
      Map.entry("adminResendEvent", Example.post("/admin/v1/parked-events/evt_none/resend", FORM, form("sink", "audit"),
          "Authorization", READER)),
      Map.entry("adminSettlement", Example.get("/admin/v1/settlement", form("service", "3dprint", "quarter", "2026-Q4"),
          "Authorization", ADMIN)));

  @BeforeAll
  static void start() {
    lab = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesItsMalformedVariants() {
    JsonObject paths = OpenApiContract.DOCUMENT.document().getJsonObject("paths");
    List<DynamicTest> tests = new ArrayList<>();
    paths.forEach((template, item) -> item.asJsonObject().forEach((method, value) -> {
      JsonObject operation = value.asJsonObject();
      String id = operation.getString("operationId");
      Example example = EXAMPLES.get(id);
      tests.add(DynamicTest.dynamicTest(id + " has a valid example to vary",
          () -> assertThat(example).as("add an example for %s %s", method, template).isNotNull()));
      if (example != null) {
        variants(method.toUpperCase(Locale.ROOT), operation, example).forEach((name, variant) ->
            tests.add(DynamicTest.dynamicTest(id + ": " + name, () -> refused(variant))));
      }
    }));
    return tests.stream();
  }

  /** A request to send. */
  private record Variant(String method, String path, Map<String, String> query, String contentType,
      Map<String, JsonValue> body, String[] headers) {}

  private static Map<String, Variant> variants(String method, JsonObject operation, Example example) {
    Map<String, JsonValue> body = new LinkedHashMap<>();
    example.body().forEach((k, v) -> body.put(k, Json.createValue(v)));
    Variant valid = new Variant(method, example.path(), example.query(), example.contentType(), body, example.headers());
    Map<String, Variant> variants = new LinkedHashMap<>();
    Map<String, String> unknownQuery = new LinkedHashMap<>(example.query());
    unknownQuery.put("no_such_field", "1");
    variants.put("an unknown query parameter", new Variant(method, valid.path(), unknownQuery, valid.contentType(), body,
        valid.headers()));
    var parameters = operation.getJsonArray("parameters");
    for (int i = 0; parameters != null && i < parameters.size(); i++) {
      JsonObject p = resolve(parameters.getJsonObject(i));
      if (p.getString("in").equals("query") && p.getBoolean("required", false)) {
        Map<String, String> query = new LinkedHashMap<>(example.query());
        query.remove(p.getString("name"));
        variants.put("without the query parameter " + p.getString("name"), new Variant(method, valid.path(), query,
            valid.contentType(), body, valid.headers()));
      }
    }
    JsonObject requestBody = operation.getJsonObject("requestBody");
    if (requestBody != null && example.contentType() != null) {
      JsonObject schema = resolve(requestBody.getJsonObject("content").getJsonObject(example.contentType())
          .getJsonObject("schema"));
      for (JsonValue required : schema.getJsonArray("required") == null ? List.<JsonValue>of()
          : schema.getJsonArray("required")) {
        String name = ((jakarta.json.JsonString) required).getString();
        Map<String, JsonValue> without = new LinkedHashMap<>(body);
        without.remove(name);
        variants.put("without the field " + name, new Variant(method, valid.path(), valid.query(), valid.contentType(),
            without, valid.headers()));
      }
      JsonObject properties = schema.getJsonObject("properties");
      if (JsonValue.FALSE.equals(schema.get("additionalProperties"))) {
        Map<String, JsonValue> extra = new LinkedHashMap<>(body);
        extra.put("no_such_field", Json.createValue("1"));
        variants.put("an unknown field", new Variant(method, valid.path(), valid.query(), valid.contentType(), extra,
            valid.headers()));
      }
      if (properties != null) {
        properties.forEach((name, propertySchema) -> {
          JsonObject resolved = resolve(propertySchema.asJsonObject());
          Map<String, JsonValue> wrong = new LinkedHashMap<>(body);
          if (example.contentType().equals(JSON)) {
            wrong.put(name, Json.createArrayBuilder().add(1).build());
          } else if (resolved.containsKey("pattern") || resolved.containsKey("enum")) {
            wrong.put(name, Json.createValue("%not valid%"));
          } else {
            return;
          }
          variants.put("the field " + name + " of the wrong type or form", new Variant(method, valid.path(),
              valid.query(), valid.contentType(), wrong, valid.headers()));
        });
      }
    }
    return variants;
  }

  private static void refused(Variant variant) {
    int entries = lab.entryCount();
    String query = variant.query().isEmpty() ? "" : "?" + GatewayHarness.encode(variant.query());
    HttpResponse<String> response;
    if (variant.method().equals("GET")) {
      response = lab.get(variant.path() + query, variant.headers());
    } else if (variant.method().equals("DELETE")) {
      response = lab.delete(variant.path() + query, variant.headers());
    } else {
      response = lab.post(variant.path() + query, bytes(variant), variant.contentType(), variant.headers());
    }

    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    assertThat(GatewayHarness.json(response).getString("error")).matches("[a-z0-9_]+");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(lab.entryCount()).isEqualTo(entries);
  }

  private static byte[] bytes(Variant variant) {
    if (variant.contentType() == null || variant.body().isEmpty() && variant.contentType().equals(FORM)) {
      return new byte[0];
    }
    if (variant.contentType().equals(JSON)) {
      JsonObjectBuilder object = Json.createObjectBuilder();
      variant.body().forEach(object::add);
      return object.build().toString().getBytes(StandardCharsets.UTF_8);
    }
    return variant.body().entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(
            ((jakarta.json.JsonString) e.getValue()).getString(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject resolve(JsonObject maybeRef) {
    if (!maybeRef.containsKey("$ref")) {
      return maybeRef;
    }
    JsonValue target = OpenApiContract.DOCUMENT.document();
    for (String token : maybeRef.getString("$ref").substring(2).split("/")) {
      target = target.asJsonObject().get(token.replace("~1", "/").replace("~0", "~"));
    }
    return target.asJsonObject();
  }
}
