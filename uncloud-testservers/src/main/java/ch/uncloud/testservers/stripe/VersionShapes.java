package ch.uncloud.testservers.stripe;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapes an answer for the API version a request asked for, from Stripe's version delta (the fields
 * that exist only in the 2023-08-16 specification, and those that exist only since the version of
 * the fixtures, 2026-07-29). A version before 2026-07-29 is answered in the 2023-08-16 shape: the
 * newer fields are left out and the older ones ({@code payment_intent.invoice}, {@code charge.invoice})
 * are present. The reference files record no version in between, so none is told apart.
 */
final class VersionShapes {
  private static final LocalDate NEWER_SHAPE = LocalDate.of(2026, 7, 29);

  private final Map<String, List<String>> onlyOld = new LinkedHashMap<>();
  private final Map<String, List<String>> onlyNew = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  VersionShapes() {
    Map<String, Object> delta = Json.readResource("stripe-version-delta.2023-08-16_vs_2026-07-29.json");
    ((Map<String, Object>) delta.get("objects")).forEach((type, fields) -> {
      Map<String, Object> f = (Map<String, Object>) fields;
      onlyOld.put(type, (List<String>) f.get("only_in_old_spec"));
      onlyNew.put(type, (List<String>) f.get("only_in_stripe_java"));
    });
  }

  /**
   * @param type e.g. {@code payment_intent}
   * @return the fields that the 2023-08-16 shape has and the newer one lacks
   */
  List<String> onlyInOldShape(String type) {
    return onlyOld.getOrDefault(type, List.of());
  }

  /**
   * @param type e.g. {@code refund}
   * @return the fields that only the newer shape has
   */
  List<String> onlyInNewShape(String type) {
    return onlyNew.getOrDefault(type, List.of());
  }

  /**
   * Reshapes an answer (an object, a list of objects, or an error) in place, nested objects included.
   *
   * @param answer the rendered answer
   * @param version the requested version
   * @return the same answer
   */
  Map<String, Object> apply(Map<String, Object> answer, ApiVersion version) {
    if (version.before(NEWER_SHAPE)) {
      reshape(answer, answer.containsKey("error") && answer.size() == 1 ? "api_errors" : null);
    }
    return answer;
  }

  @SuppressWarnings("unchecked")
  private void reshape(Object value, String typeHint) {
    if (value instanceof List<?> list) {
      list.forEach(v -> reshape(v, null));
    } else if (value instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      String type = map.get("object") instanceof String s ? s : typeHint;
      if (type != null) {
        onlyInNewShape(type).forEach(map::remove);
        onlyInOldShape(type).forEach(f -> map.putIfAbsent(f, null));
      }
      map.forEach((k, v) -> reshape(v, "error".equals(k) ? "api_errors" : null));
    }
  }
}
