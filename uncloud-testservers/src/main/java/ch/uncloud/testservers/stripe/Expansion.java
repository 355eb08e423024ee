package ch.uncloud.testservers.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stripe's {@code expand[]}: an id field named by a dotted path ({@code latest_charge},
 * {@code latest_charge.balance_transaction}, {@code data.customer} in a list) is replaced by the
 * object it names, up to four levels deep. A field that cannot be expanded, or a path deeper than
 * four levels, is refused before the request does anything, as Stripe does.
 */
final class Expansion {
  static final int MAX_DEPTH = 4;

  /** The expandable fields of each object this fake serves, and the type each one names (Stripe's spec). */
  private static final Map<String, Map<String, String>> EXPANDABLE = Map.of(
      "payment_intent", Map.of("application", "application", "customer", "customer", "invoice", "invoice",
          "latest_charge", "charge", "on_behalf_of", "account", "payment_method", "payment_method",
          "review", "review"),
      "charge", Map.ofEntries(Map.entry("application", "application"),
          Map.entry("application_fee", "application_fee"), Map.entry("balance_transaction", "balance_transaction"),
          Map.entry("customer", "customer"), Map.entry("failure_balance_transaction", "balance_transaction"),
          Map.entry("invoice", "invoice"), Map.entry("on_behalf_of", "account"),
          Map.entry("payment_intent", "payment_intent"), Map.entry("review", "review"),
          Map.entry("source_transfer", "transfer"), Map.entry("transfer", "transfer")),
      "setup_intent", Map.of("application", "application", "customer", "customer", "latest_attempt",
          "setup_attempt", "mandate", "mandate", "on_behalf_of", "account", "payment_method", "payment_method",
          "single_use_mandate", "mandate"),
      "setup_attempt", Map.of("application", "application", "customer", "customer", "on_behalf_of", "account",
          "payment_method", "payment_method", "setup_intent", "setup_intent"),
      "refund", Map.of("balance_transaction", "balance_transaction", "charge", "charge",
          "failure_balance_transaction", "balance_transaction", "payment_intent", "payment_intent",
          "source_transfer_reversal", "transfer_reversal", "transfer_reversal", "transfer_reversal"),
      "customer", Map.of("default_source", "source", "test_clock", "test_helpers.test_clock"),
      "payment_method", Map.of("customer", "customer"),
      "balance_transaction", Map.of("source", "charge"));

  private Expansion() {}

  /**
   * @param params the request's parameters
   * @return the requested paths, in order
   */
  static List<String> requested(Map<String, Object> params) {
    List<String> out = new ArrayList<>();
    Object e = params.get("expand");
    if (e instanceof List<?> list) {
      list.forEach(x -> out.add(String.valueOf(x)));
    } else if (e instanceof String s) {
      out.add(s);
    }
    return out;
  }

  /**
   * Checks every path against the type the operation answers with.
   *
   * @param resultType e.g. {@code payment_intent}, or {@code list:payment_intent} for a list
   * @param paths the requested paths
   * @throws StripeError 400 for a field that cannot be expanded or a path deeper than four levels
   */
  static void check(String resultType, List<String> paths) {
    for (String path : paths) {
      String type = resultType;
      List<String> segments = List.of(path.split("\\.", -1));
      if (type.startsWith("list:")) {
        if (segments.size() < 2 || !"data".equals(segments.get(0))) {
          throw notExpandable(path);
        }
        segments = segments.subList(1, segments.size());
        type = type.substring(5);
      }
      if (segments.size() > MAX_DEPTH) {
        throw StripeError.invalid("You cannot expand more than " + MAX_DEPTH + " levels of a property. Property: "
            + path, "expand");
      }
      for (String field : segments) {
        String target = EXPANDABLE.getOrDefault(type, Map.of()).get(field);
        if (target == null) {
          throw notExpandable(field);
        }
        type = target;
      }
    }
  }

  private static StripeError notExpandable(String field) {
    return StripeError.invalid("This property cannot be expanded (" + field + ").", "expand");
  }

  /**
   * Expands checked paths in a copy-safe answer (the caller passes its own copy).
   *
   * @param answer the answer, an object or a list
   * @param paths checked paths
   * @param lookup the object with an id, or {@code null} when this fake keeps no such object
   * @return the answer with the ids replaced by copies of their objects
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> expand(Map<String, Object> answer, List<String> paths,
      Function<String, Map<String, Object>> lookup) {
    boolean list = "list".equals(answer.get("object")) || "search_result".equals(answer.get("object"));
    for (String path : paths) {
      List<String> segments = List.of(path.split("\\."));
      if (list) {
        for (Object item : (List<Object>) answer.get("data")) {
          expandPath((Map<String, Object>) item, segments.subList(1, segments.size()), lookup);
        }
      } else {
        expandPath(answer, segments, lookup);
      }
    }
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static void expandPath(Map<String, Object> object, List<String> segments,
      Function<String, Map<String, Object>> lookup) {
    String field = segments.get(0);
    Object value = object.get(field);
    Map<String, Object> target = null;
    if (value instanceof String id) {
      Map<String, Object> found = lookup.apply(id);
      if (found != null) {
        target = Json.copy(found);
        object.put(field, target);
      }
    } else if (value instanceof Map<?, ?> already) {
      target = (Map<String, Object>) already;
    }
    if (target != null && segments.size() > 1) {
      expandPath(target, segments.subList(1, segments.size()), lookup);
    }
  }
}
