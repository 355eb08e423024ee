package ch.uncloud.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A web page's answer: status, media type, body and headers (a header may repeat, as Set-Cookie does).
 *
 * @param status the HTTP status
 * @param contentType the media type with its charset
 * @param body the body
 * @param headers further headers, in order
 */
record PageAnswer(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {
  PageAnswer {
    headers = List.copyOf(headers);
  }

  static PageAnswer html(int status, String html) {
    return new PageAnswer(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), List.of());
  }

  /** @return a 303 to a page of the gateway's own, so the browser follows with a GET */
  static PageAnswer redirect(String location) {
    return new PageAnswer(303, "text/plain; charset=utf-8", new byte[0], List.of(Map.entry("Location", location)));
  }

  /** @return a CSV download named {@code filename} */
  static PageAnswer csv(String filename, String text) {
    return new PageAnswer(200, "text/csv; charset=utf-8", text.getBytes(StandardCharsets.UTF_8),
        List.of(Map.entry("Content-Disposition", "attachment; filename=\"" + filename + "\"")));
  }

  /** @return this answer with one more header */
  PageAnswer with(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new PageAnswer(status, contentType, body, more);
  }

  /** @return whether the answer already names a header (case-insensitive) */
  boolean has(String name) {
    return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
  }
}
