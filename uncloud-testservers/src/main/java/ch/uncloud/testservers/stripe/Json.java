package ch.uncloud.testservers.stripe;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between jakarta.json values and plain maps, lists, strings, longs and booleans. */
final class Json {
  private Json() {}

  static Object fromJson(JsonValue value) {
    switch (value.getValueType()) {
      case OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        ((JsonObject) value).forEach((k, v) -> map.put(k, fromJson(v)));
        return map;
      }
      case ARRAY: {
        List<Object> list = new ArrayList<>();
        ((JsonArray) value).forEach(v -> list.add(fromJson(v)));
        return list;
      }
      case STRING:
        return ((JsonString) value).getString();
      case NUMBER: {
        JsonNumber n = (JsonNumber) value;
        return n.isIntegral() ? (Object) n.longValue() : n.bigDecimalValue();
      }
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  @SuppressWarnings("unchecked")
  static JsonValue toJson(Object value) {
    if (value == null) {
      return JsonValue.NULL;
    }
    if (value instanceof JsonValue v) {
      return v;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder();
      ((Map<String, Object>) map).forEach((k, v) -> {
        if (!k.startsWith("__")) { // internal bookkeeping never goes on the wire
          b.add(k, toJson(v));
        }
      });
      return b.build();
    }
    if (value instanceof List<?> list) {
      JsonArrayBuilder b = jakarta.json.Json.createArrayBuilder();
      list.forEach(v -> b.add(toJson(v)));
      return b.build();
    }
    if (value instanceof String s) {
      return jakarta.json.Json.createValue(s);
    }
    if (value instanceof Boolean bool) {
      return bool ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (value instanceof Long || value instanceof Integer) {
      return jakarta.json.Json.createValue(((Number) value).longValue());
    }
    if (value instanceof BigDecimal d) {
      return jakarta.json.Json.createValue(d);
    }
    throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
  }

  static String write(Object value) {
    return toJson(value).toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
      return (Map<String, Object>) fromJson(reader.readObject());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readResource(String name) {
    try (InputStream in = Json.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      try (JsonReader reader = jakarta.json.Json.createReader(in)) {
        return (Map<String, Object>) fromJson(reader.readObject());
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return a deep copy, so stored state never shares structure with a response
   */
  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, copy(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(copy(v)));
      return (T) out;
    }
    return value;
  }
}
