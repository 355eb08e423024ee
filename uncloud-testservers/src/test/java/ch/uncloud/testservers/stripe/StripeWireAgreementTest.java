package ch.uncloud.testservers.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each case is a place where the fake once disagreed with Stripe (issue 16), checked on the wire. */
@DisplayName("The Stripe test server answers as Stripe does")
class StripeWireAgreementTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private FakeStripeServer fake;

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpResponse<String> call(String method, String path, String form, String key, String version)
      throws Exception {
    boolean query = !method.equals("POST");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path
            + (query && !form.isEmpty() ? "?" + form : "")))
        .header("Authorization", "Bearer " + key)
        .method(method, query ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
    if (!query) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (version != null) {
      b.header("Stripe-Version", version);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> call(String method, String path, String form) throws Exception {
    return call(method, path, form, "sk_test_agreement1", null);
  }

  private static JsonObject json(HttpResponse<String> response) {
    try (var reader = jakarta.json.Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  private static JsonObject error(HttpResponse<String> response) {
    return json(response).getJsonObject("error");
  }

  private String paidIntent(String amount) throws Exception {
    String customer = json(call("POST", "/v1/customers", "email=ann%40example.com")).getString("id");
    call("POST", "/v1/payment_methods/pm_card_visa/attach", "customer=" + customer);
    String pm = json(call("GET", "/v1/customers/" + customer + "/payment_methods", "")).getJsonArray("data")
        .getJsonObject(0).getString("id");
    return json(call("POST", "/v1/payment_intents", "amount=" + amount + "&currency=chf&customer=" + customer
        + "&payment_method=" + pm + "&confirm=true&off_session=true")).getString("id");
  }

  @Nested
  @DisplayName("Stripe-Version")
  class Versions {
    @Test
    @DisplayName("a version older than Stripe's first dated version (1999-01-01) is refused with 400")
    void tooOldRefused() throws Exception {
      HttpResponse<String> r = call("GET", "/v1/customers", "", "sk_test_agreement1", "1999-01-01");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("message")).isEqualTo("Invalid Stripe API version: 1999-01-01");
    }

    @Test
    @DisplayName("a malformed version (2019-2-19) is refused with 400")
    void malformedRefused() throws Exception {
      HttpResponse<String> r = call("GET", "/v1/customers", "", "sk_test_agreement1", "2019-2-19");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("message")).contains("Invalid Stripe API version");
    }

    @Test
    @DisplayName("a newer well-formed version (2026-11-18.endive) is accepted and echoed")
    void newerEchoed() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/customers", "name=Ann", "sk_test_agreement1", "2026-11-18.endive");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Stripe-Version")).contains("2026-11-18.endive");
    }

    @Test
    @DisplayName("without a version the account's default is named")
    void defaultNamed() throws Exception {
      assertThat(call("GET", "/v1/customers", "").headers().firstValue("Stripe-Version"))
          .contains(StripeState.API_VERSION);
    }

    @Test
    @DisplayName("objects follow the requested version: 2023-08-16 has payment_intent.invoice and no refund.customer")
    void objectsFollowTheVersion() throws Exception {
      String pi = paidIntent("1000");
      JsonObject old = json(call("GET", "/v1/payment_intents/" + pi, "", "sk_test_agreement1", "2023-08-16"));
      JsonObject current = json(call("GET", "/v1/payment_intents/" + pi, "", "sk_test_agreement1", "2026-07-29.dahlia"));
      assertThat(old).containsKey("invoice").doesNotContainKeys("managed_payments", "payment_method_configuration_details");
      assertThat(current).doesNotContainKey("invoice").containsKey("managed_payments");
      JsonObject refund = json(call("POST", "/v1/refunds", "payment_intent=" + pi, "sk_test_agreement1", "2023-08-16"));
      assertThat(refund).doesNotContainKeys("customer", "payment_method").containsKey("charge");
    }
  }

  @Nested
  @DisplayName("parameter validation")
  class Parameters {
    @Test
    @DisplayName("an unknown parameter is 400 parameter_unknown naming it")
    void unknownParameter() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/customers", "bogus_field=x");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("code")).isEqualTo("parameter_unknown");
      assertThat(error(r).getString("param")).isEqualTo("bogus_field");
      assertThat(fake.customerCount()).isZero();
    }

    @Test
    @DisplayName("amount=10&currency=chf is amount_too_small: Stripe's minimum is 0.50 CHF")
    void amountTooSmall() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/payment_intents", "amount=10&currency=chf");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("code")).isEqualTo("amount_too_small");
      assertThat(error(r).getString("param")).isEqualTo("amount");
      assertThat(call("POST", "/v1/payment_intents", "amount=50&currency=chf").statusCode()).isEqualTo(200);
      assertThat(call("POST", "/v1/payment_intents", "amount=29&currency=gbp").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("an invalid currency is refused naming param currency")
    void invalidCurrency() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/payment_intents", "amount=1000&currency=xyz");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("param")).isEqualTo("currency");
      assertThat(error(r).getString("message")).startsWith("Invalid currency: xyz");
    }

    @Test
    @DisplayName("a field that cannot be expanded is refused before anything happens")
    void notExpandable() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/payment_intents", "amount=1000&currency=chf&expand[0]=status");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("message")).contains("cannot be expanded (status)");
      assertThat(fake.paymentIntentCount()).isZero();
    }
  }

  @Nested
  @DisplayName("lists and expansion")
  class ListsAndExpansion {
    @Test
    @DisplayName("ending_before gives the page before the cursor, newest first")
    void endingBefore() throws Exception {
      String[] ids = new String[4];
      for (int i = 0; i < 4; i++) {
        ids[i] = json(call("POST", "/v1/customers", "name=c" + i)).getString("id");
      }
      // newest first: c3 c2 c1 c0; the page before c1 with limit 1 is c2
      JsonObject page = json(call("GET", "/v1/customers", "limit=1&ending_before=" + ids[1]));
      assertThat(page.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(ids[2]);
      assertThat(page.getBoolean("has_more")).isTrue();
      JsonObject all = json(call("GET", "/v1/customers", "ending_before=" + ids[1]));
      assertThat(all.getJsonArray("data")).hasSize(2);
      assertThat(all.getBoolean("has_more")).isFalse();
    }

    @Test
    @DisplayName("an unknown starting_after is refused naming the param")
    void unknownStartingAfter() throws Exception {
      HttpResponse<String> r = call("GET", "/v1/customers", "starting_after=cus_doesnotexist");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(error(r).getString("param")).isEqualTo("starting_after");
    }

    @Test
    @DisplayName("nested expand latest_charge.balance_transaction expands both levels")
    void nestedExpand() throws Exception {
      String pi = paidIntent("1250");
      JsonObject expanded = json(call("GET", "/v1/payment_intents/" + pi,
          "expand[]=latest_charge.balance_transaction"));
      JsonObject charge = expanded.getJsonObject("latest_charge");
      assertThat(charge.getString("object")).isEqualTo("charge");
      assertThat(charge.getJsonObject("balance_transaction").getJsonNumber("amount").longValue()).isEqualTo(1250);
      JsonObject list = json(call("GET", "/v1/payment_intents", "expand[]=data.latest_charge.payment_intent"));
      assertThat(list.getJsonArray("data").getJsonObject(0).getJsonObject("latest_charge")
          .getJsonObject("payment_intent").getString("id")).isEqualTo(pi);
    }

    @Test
    @DisplayName("expansion goes four levels deep, not five")
    void fourLevels() throws Exception {
      String pi = paidIntent("1250");
      String four = "latest_charge.payment_intent.latest_charge.balance_transaction";
      assertThat(call("GET", "/v1/payment_intents/" + pi, "expand[]=" + four).statusCode()).isEqualTo(200);
      HttpResponse<String> five = call("GET", "/v1/payment_intents/" + pi,
          "expand[]=latest_charge.payment_intent.latest_charge.payment_intent.customer");
      assertThat(five.statusCode()).isEqualTo(400);
      assertThat(error(five).getString("message")).contains("more than 4 levels");
    }
  }

  @Nested
  @DisplayName("setup intents")
  class SetupIntents {
    @Test
    @DisplayName("a confirm records latest_attempt, a setup_attempt that can be expanded")
    void latestAttempt() throws Exception {
      String si = json(call("POST", "/v1/setup_intents", "usage=off_session")).getString("id");
      JsonObject confirmed = json(call("POST", "/v1/setup_intents/" + si + "/confirm",
          "payment_method=pm_card_visa&expand[0]=latest_attempt"));
      assertThat(confirmed.getJsonObject("latest_attempt").getString("object")).isEqualTo("setup_attempt");
      assertThat(confirmed.getJsonObject("latest_attempt").getString("status")).isEqualTo("succeeded");
      assertThat(confirmed.getJsonObject("latest_attempt").getString("setup_intent")).isEqualTo(si);
    }

    @Test
    @DisplayName("created without payment_method_types it has automatic_payment_methods enabled (since 2023-08-16)")
    void automaticPaymentMethods() throws Exception {
      JsonObject si = json(call("POST", "/v1/setup_intents", ""));
      assertThat(si.getJsonObject("automatic_payment_methods").getBoolean("enabled")).isTrue();
      JsonObject typed = json(call("POST", "/v1/setup_intents", "payment_method_types[0]=card"));
      assertThat(typed.get("automatic_payment_methods")).isEqualTo(JsonValue.NULL);
      JsonObject older = json(call("POST", "/v1/setup_intents", "", "sk_test_agreement1", "2023-08-15"));
      assertThat(older.get("automatic_payment_methods")).isEqualTo(JsonValue.NULL);
    }
  }

  @Nested
  @DisplayName("errors and keys")
  class ErrorsAndKeys {
    @Test
    @DisplayName("every error names its request_log_url")
    void requestLogUrl() throws Exception {
      HttpResponse<String> r = call("GET", "/v1/customers/cus_missing", "");
      String requestId = r.headers().firstValue("Request-Id").orElseThrow();
      assertThat(error(r).getString("request_log_url"))
          .startsWith("https://dashboard.stripe.com/test/logs/" + requestId);
    }

    @Test
    @DisplayName("a refund for an unknown PaymentIntent names param payment_intent")
    void refundParam() throws Exception {
      HttpResponse<String> r = call("POST", "/v1/refunds", "payment_intent=pi_missing");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(error(r).getString("param")).isEqualTo("payment_intent");
    }

    @Test
    @DisplayName("a restricted test key rk_test_ is accepted, a live one is not")
    void restrictedKeys() throws Exception {
      assertThat(call("GET", "/v1/customers", "", "rk_test_restricted1", null).statusCode()).isEqualTo(200);
      assertThat(call("GET", "/v1/customers", "", "rk_live_restricted1", null).statusCode()).isEqualTo(401);
    }
  }

  @Nested
  @DisplayName("endpoints users call")
  class Endpoints {
    @Test
    @DisplayName("GET /v1/customers filters by email")
    void listCustomersByEmail() throws Exception {
      call("POST", "/v1/customers", "email=ann%40example.com");
      call("POST", "/v1/customers", "email=bob%40example.com");
      JsonObject page = json(call("GET", "/v1/customers", "email=bob%40example.com"));
      assertThat(page.getJsonArray("data")).singleElement()
          .satisfies(c -> assertThat(c.asJsonObject().getString("email")).isEqualTo("bob@example.com"));
    }

    @Test
    @DisplayName("DELETE /v1/customers/{id} deletes; a later GET shows the deleted stub")
    void deleteCustomer() throws Exception {
      String id = json(call("POST", "/v1/customers", "name=Ann")).getString("id");
      JsonObject deleted = json(call("DELETE", "/v1/customers/" + id, ""));
      assertThat(deleted.getBoolean("deleted")).isTrue();
      assertThat(json(call("GET", "/v1/customers/" + id, "")).getBoolean("deleted")).isTrue();
      assertThat(call("POST", "/v1/customers/" + id, "name=Bob").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("GET /v1/charges/{id} and GET /v1/refunds answer the charge and its refunds")
    void chargesAndRefunds() throws Exception {
      String pi = paidIntent("2000");
      String charge = json(call("GET", "/v1/payment_intents/" + pi, "")).getString("latest_charge");
      assertThat(json(call("GET", "/v1/charges/" + charge, "")).getString("payment_intent")).isEqualTo(pi);
      call("POST", "/v1/refunds", "payment_intent=" + pi + "&amount=500");
      JsonObject refunds = json(call("GET", "/v1/refunds", "payment_intent=" + pi));
      assertThat(refunds.getJsonArray("data")).singleElement()
          .satisfies(r -> assertThat(r.asJsonObject().getJsonNumber("amount").longValue()).isEqualTo(500));
    }
  }
}
