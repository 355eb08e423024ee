package ch.uncloud.gateway;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's OpenAPI 3.1 document, served at {@code /openapi.json}: merged from the resources
 * listed in {@code openapi/index.txt} (one per area: the lab protocol, the shop, the customer and the
 * admin API), so that a jar holds them all. The first part gives everything but {@code paths} and
 * {@code components}; each part adds paths and components, and a name defined twice is an error.
 */
final class OpenApiDocument {
  /** The folder of the parts, on the class path. */
  static final String FOLDER = "openapi/";

  private static final JsonProvider JSON = JsonProvider.provider();

  private OpenApiDocument() {}

  /** @return the merged document */
  static JsonObject load() {
    List<String> parts = index();
    JsonObject merged = null;
    for (String part : parts) {
      JsonObject next = read(part);
      merged = merged == null ? next : merge(merged, next, part);
    }
    if (merged == null) {
      throw new IllegalStateException(FOLDER + "index.txt lists no part");
    }
    return merged;
  }

  /** @return the merged document as JSON text, merged once */
  static String served() {
    return Served.TEXT;
  }

  /** Merges the document on first use, once. */
  private static final class Served {
    static final String TEXT = text();
  }

  /** @return the merged document as JSON text */
  static String text() {
    StringWriter text = new StringWriter();
    try (var writer = JSON.createWriter(text)) {
      writer.writeObject(load());
    }
    return text + "\n";
  }

  static List<String> index() {
    List<String> parts = new ArrayList<>();
    for (String line : resource("index.txt").split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        parts.add(name);
      }
    }
    return parts;
  }

  private static JsonObject read(String part) {
    try (var reader = JSON.createReader(new java.io.StringReader(resource(part)))) {
      return reader.readObject();
    }
  }

  private static String resource(String name) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI part " + FOLDER + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FOLDER + name, e);
    }
  }

  private static JsonObject merge(JsonObject into, JsonObject part, String partName) {
    JsonObjectBuilder merged = JSON.createObjectBuilder(into);
    merged.add("paths", union(into.getJsonObject("paths"), part.getJsonObject("paths"), partName + " paths"));
    JsonObject components = into.getJsonObject("components");
    JsonObject more = part.getJsonObject("components");
    if (more != null) {
      JsonObjectBuilder all = JSON.createObjectBuilder(components == null ? JsonValue.EMPTY_JSON_OBJECT : components);
      for (Map.Entry<String, JsonValue> kind : more.entrySet()) {
        JsonObject existing = components == null ? null : components.getJsonObject(kind.getKey());
        all.add(kind.getKey(), union(existing, kind.getValue().asJsonObject(), partName + " " + kind.getKey()));
      }
      merged.add("components", all);
    }
    return merged.build();
  }

  private static JsonObject union(JsonObject first, JsonObject second, String where) {
    JsonObjectBuilder all = JSON.createObjectBuilder(first == null ? JsonValue.EMPTY_JSON_OBJECT : first);
    if (second != null) {
      for (Map.Entry<String, JsonValue> e : second.entrySet()) {
        if (first != null && first.containsKey(e.getKey())) {
          throw new IllegalStateException("the OpenAPI " + where + " define " + e.getKey() + " again");
        }
        all.add(e.getKey(), e.getValue());
      }
    }
    return all.build();
  }
}
