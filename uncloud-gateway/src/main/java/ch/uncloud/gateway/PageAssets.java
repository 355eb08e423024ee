package ch.uncloud.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The pages' own style sheet and their one script (card registration), served by the gateway itself from
 * {@code ch/uncloud/gateway/pages/assets/}: the pages need nothing from another server, except Stripe.js
 * on the card page. Read once, kept in memory.
 */
final class PageAssets {
  private static final Map<String, String> TYPES = Map.of(
      "app.css", "text/css; charset=utf-8",
      "cards.js", "text/javascript; charset=utf-8");

  private final Map<String, byte[]> files;

  PageAssets() {
    java.util.HashMap<String, byte[]> read = new java.util.HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = PageAssets.class.getResourceAsStream("pages/assets/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the page asset " + name + " is missing from the gateway's jar");
        }
        read.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the page asset " + name, e);
      }
    }
    this.files = Map.copyOf(read);
  }

  /**
   * @param name the file's name, e.g. {@code app.css}
   * @return the file
   * @throws GatewayError 404 for any other name
   */
  PageAnswer get(String name) {
    byte[] body = files.get(name);
    if (body == null) {
      throw new GatewayError(404, "no_such_endpoint", "there is no such file");
    }
    return new PageAnswer(200, TYPES.get(name), body, List.of());
  }

  /** @return the size in bytes of an asset (page weight) */
  int size(String name) {
    return files.get(name).length;
  }
}
