package ch.uncloud.testservers.ovh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The API schema documents OVH serves and its clients fetch to learn the routes
 * ({@code GET /1.0/order.json}, {@code GET /1.0/auth.json}): OVH's own documents, cut to the routes
 * the fake implements (from the reference data).
 */
final class OvhSchemas {
  private static final Map<String, String> DOCUMENTS = Map.of("/1.0/order.json", "order.json",
      "/1.0/auth.json", "auth.json");

  private OvhSchemas() {}

  static boolean serves(String method, String rawPath) {
    return "GET".equals(method) && DOCUMENTS.containsKey(rawPath);
  }

  static String document(String rawPath) {
    String name = DOCUMENTS.get(rawPath);
    try (InputStream in = OvhSchemas.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
