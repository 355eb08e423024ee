package ch.uncloud.ovh;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the JSON reference vectors copied from OVH's clients into the test resources. */
final class TestResources {
  private TestResources() {}

  static JsonObject json(String name) {
    try (InputStream in = TestResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      try (var reader = Json.createReader(in)) {
        return reader.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
