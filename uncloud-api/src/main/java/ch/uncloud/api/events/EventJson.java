package ch.uncloud.api.events;

import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes and reads an event's JSON: one object of strings with a nested object of strings. */
final class EventJson {
  private final String text;
  private int pos;

  private EventJson(String text) {
    this.text = text;
  }

  static String write(Event event) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"id\":");
    quote(out, event.id().value());
    out.append(",\"type\":");
    quote(out, event.type().code());
    out.append(",\"occurred_at\":");
    quote(out, event.occurredAt().toString());
    out.append(",\"account\":");
    quote(out, event.account().value());
    out.append(",\"data\":{");
    boolean first = true;
    for (Map.Entry<String, String> field : event.data().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(out, field.getKey());
      out.append(':');
      quote(out, field.getValue());
    }
    return out.append("}}").toString();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  static Event read(String json) {
    if (json == null) {
      throw new IllegalArgumentException("no text");
    }
    EventJson parser = new EventJson(json);
    Map<String, Object> top = parser.object(true);
    parser.skipSpace();
    if (parser.pos != json.length()) {
      throw new IllegalArgumentException("text after the object");
    }
    Object data = top.get("data");
    if (!(data instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException("no data object");
    }
    Map<String, String> payload = new LinkedHashMap<>();
    fields.forEach((k, v) -> payload.put((String) k, (String) v));
    try {
      return new Event(EventId.of(string(top, "id")), EventType.fromCode(string(top, "type")),
          Instant.parse(string(top, "occurred_at")), Username.of(string(top, "account")), payload);
    } catch (ch.uncloud.api.UncloudException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String string(Map<String, Object> object, String key) {
    if (!(object.get(key) instanceof String s)) {
      throw new IllegalArgumentException("no text " + key);
    }
    return s;
  }

  /** @param nested whether an object may hold one level of objects */
  private Map<String, Object> object(boolean nested) {
    expect('{');
    Map<String, Object> result = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return result;
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      Object value = peek() == '{' && nested ? object(false) : string();
      if (result.put(key, value) != null) {
        throw new IllegalArgumentException("key " + key + " twice");
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return result;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or } at " + (pos - 1));
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in a string at " + (pos - 1));
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw new IllegalArgumentException("short \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw new IllegalArgumentException("bad escape at " + (pos - 1));
      }
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c + " at " + (pos - 1));
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void skipSpace() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n' || text.charAt(pos) == '\r'
        || text.charAt(pos) == '\t')) {
      pos++;
    }
  }
}
