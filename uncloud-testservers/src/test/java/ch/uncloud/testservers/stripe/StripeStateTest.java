package ch.uncloud.testservers.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The fake's Stripe objects")
class StripeStateTest {
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final StripeState state = new StripeState(Clock.systemUTC(), events::add);
  private final StripeState.Origin origin = new StripeState.Origin("req_1", "key_1");

  @Test
  @DisplayName("objects carry every field of Stripe's fixture, with the fake's own values")
  void fixtureShape() {
    Map<String, Object> fixture = Json.readResource("stripe-fixtures3.2026-07-29.core.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> resources = (Map<String, Object>) fixture.get("resources");
    Map<String, Object> customer = state.createCustomer(Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> template = (Map<String, Object>) resources.get("customer");
    assertThat(customer).containsKeys(template.keySet().toArray(String[]::new));
    assertThat((String) customer.get("id")).startsWith("cus_").isNotEqualTo(template.get("id"));
    assertThat(Json.write(customer)).doesNotContain("__seq");
  }

  @Test
  @DisplayName("a confirmed off-session payment succeeds, records a charge and emits payment_intent.succeeded")
  void offSessionPayment() {
    String customer = (String) state.createCustomer(Map.of()).get("id");
    String pm = (String) state.attach("pm_card_visa", Map.of("customer", customer)).get("id");
    Map<String, Object> pi = state.createPaymentIntent(Map.of("amount", "1099", "currency", "eur",
        "customer", customer, "payment_method", pm, "confirm", "true", "off_session", "true"), origin);
    assertThat(pi.get("status")).isEqualTo("succeeded");
    assertThat(state.succeededChargeCount()).isEqualTo(1);
    assertThat(events).extracting(e -> e.get("type")).contains("payment_intent.succeeded");
  }

  @Test
  @DisplayName("a refund larger than the rest is refused with amount_too_large")
  void refundTooLarge() {
    String customer = (String) state.createCustomer(Map.of()).get("id");
    String pm = (String) state.attach("pm_card_visa", Map.of("customer", customer)).get("id");
    String pi = (String) state.createPaymentIntent(Map.of("amount", "1000", "currency", "chf", "customer", customer,
        "payment_method", pm, "confirm", "true", "off_session", "true"), origin).get("id");
    state.createRefund(Map.of("payment_intent", pi, "amount", "600"), origin);
    assertThatThrownBy(() -> state.createRefund(Map.of("payment_intent", pi, "amount", "401"), origin))
        .isInstanceOfSatisfying(StripeError.class, e -> assertThat(e.error).containsEntry("code", "amount_too_large"));
    state.createRefund(Map.of("payment_intent", pi), origin);
    assertThatThrownBy(() -> state.createRefund(Map.of("payment_intent", pi), origin))
        .isInstanceOfSatisfying(StripeError.class,
            e -> assertThat(e.error).containsEntry("code", "charge_already_refunded"));
  }
}
