package ch.uncloud.testservers.stripe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The top-level parameters each operation takes, so an unknown one is refused as Stripe refuses it
 * (400 {@code parameter_unknown}, {@code Received unknown parameter: bogus_field}). They come from
 * Stripe's published specification (the 2023-08-16 subset's operation summary) plus the parameters
 * the version delta adds since; the operations the subset lacks are listed here from Stripe's API
 * reference.
 */
final class KnownParameters {
  private static final Map<String, List<String>> NOT_IN_SUBSET = Map.of(
      "GET /v1/customers", List.of("created", "email", "ending_before", "expand", "limit", "starting_after",
          "test_clock"),
      "DELETE /v1/customers/{customer}", List.of(),
      "GET /v1/charges/{charge}", List.of("expand"),
      "GET /v1/refunds", List.of("charge", "created", "ending_before", "expand", "limit", "payment_intent",
          "starting_after"),
      "GET /v1/payment_intents", List.of("created", "customer", "ending_before", "expand", "limit",
          "starting_after"),
      "GET /v1/payment_intents/search", List.of("expand", "limit", "page", "query"));

  private final Map<String, Set<String>> byOperation = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  KnownParameters() {
    Map<String, Object> summary = Json.readResource("stripe-subset.operations-summary.api-2023-08-16.json");
    summary.forEach((operation, row) -> {
      Map<String, Object> r = (Map<String, Object>) row;
      Set<String> names = new TreeSet<>(((Map<String, Object>) r.get("query_params")).keySet());
      names.addAll(((Map<String, Object>) r.get("body_params")).keySet());
      byOperation.put(operation, names);
    });
    Map<String, Object> delta = (Map<String, Object>) Json.readResource(
        "stripe-version-delta.2023-08-16_vs_2026-07-29.json").get("params");
    delta.forEach((operation, row) -> byOperation.computeIfAbsent(operation, o -> new TreeSet<>())
        .addAll((List<String>) ((Map<String, Object>) row).get("only_in_stripe_java")));
    NOT_IN_SUBSET.forEach((operation, names) -> byOperation.put(operation, new TreeSet<>(names)));
  }

  /**
   * @param operation e.g. {@code POST /v1/payment_intents}
   * @return whether the operation is described
   */
  boolean describes(String operation) {
    return byOperation.containsKey(operation);
  }

  /**
   * @param operation e.g. {@code POST /v1/payment_intents}
   * @param params the request's parameters
   * @throws StripeError 400 {@code parameter_unknown} naming the first unknown parameter
   */
  void check(String operation, Map<String, Object> params) {
    Set<String> known = byOperation.get(operation);
    if (known == null) {
      throw new IllegalStateException("no parameters known for " + operation);
    }
    for (String name : params.keySet()) {
      if (!known.contains(name)) {
        throw StripeError.invalid(400, "parameter_unknown", "Received unknown parameter: " + name, name);
      }
    }
  }
}
