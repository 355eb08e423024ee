package ch.uncloud.testservers.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses Stripe's {@code application/x-www-form-urlencoded} bodies and query strings, whose keys nest
 * with brackets ({@code metadata[order]=42}, {@code expand[0]=latest_charge}), into maps and lists.
 * Parameter order does not matter: two bodies with the same parameters parse to equal maps.
 */
final class FormBody {
  private FormBody() {}

  /**
   * @param encoded the raw body or query string, may be empty or {@code null}
   * @return nested maps (objects) and lists (indexed or {@code []} keys) of strings
   */
  static Map<String, Object> parse(String encoded) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return root;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(root, segments(key), value);
    }
    return normalize(root);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static List<String> segments(String key) {
    List<String> segments = new ArrayList<>();
    int open = key.indexOf('[');
    if (open < 0) {
      segments.add(key);
      return segments;
    }
    segments.add(key.substring(0, open));
    int i = open;
    while (i < key.length() && key.charAt(i) == '[') {
      int close = key.indexOf(']', i);
      if (close < 0) {
        throw new IllegalArgumentException("unbalanced brackets in parameter " + key);
      }
      segments.add(key.substring(i + 1, close));
      i = close + 1;
    }
    return segments;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, List<String> segments, String value) {
    Map<String, Object> current = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      String segment = segments.get(i);
      if (segment.isEmpty()) {
        segment = String.valueOf(current.size()); // "[]" appends
      }
      Object next = current.get(segment);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        current.put(segment, next);
      }
      current = (Map<String, Object>) next;
    }
    String last = segments.get(segments.size() - 1);
    current.put(last.isEmpty() ? String.valueOf(current.size()) : last, value);
  }

  /** Turns maps whose keys are all indexes into lists, ordered by index. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalize(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object v = e.getValue();
      out.put(e.getKey(), v instanceof Map ? listOrMap(normalize((Map<String, Object>) v)) : v);
    }
    return out;
  }

  private static Object listOrMap(Map<String, Object> map) {
    if (map.isEmpty() || !map.keySet().stream().allMatch(k -> k.matches("[0-9]{1,6}"))) {
      return map;
    }
    Map<Integer, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(Integer.parseInt(k), v));
    return new ArrayList<>(sorted.values());
  }
}
