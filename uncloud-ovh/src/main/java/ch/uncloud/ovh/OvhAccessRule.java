package ch.uncloud.ovh;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.util.List;
import java.util.Set;

/**
 * One route a consumer key may call, e.g. {@code GET /order/*}.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
 * @param path the path pattern, {@code *} as wildcard
 */
public record OvhAccessRule(String method, String path) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

  /**
   * Checks the method and path.
   *
   * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
   * @param path the path pattern, {@code *} as wildcard
   */
  public OvhAccessRule {
    if (method == null || !METHODS.contains(method)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "access rule method must be one of " + METHODS + ", not " + method);
    }
    if (path == null || !path.startsWith("/")) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "access rule path must start with /, not " + path);
    }
  }

  /**
   * @return the rules server ordering needs: every method on {@code /order/*} and {@code GET /me/order*}
   */
  public static List<OvhAccessRule> serverOrdering() {
    return List.of(new OvhAccessRule("GET", "/order/*"), new OvhAccessRule("POST", "/order/*"),
        new OvhAccessRule("PUT", "/order/*"), new OvhAccessRule("DELETE", "/order/*"),
        new OvhAccessRule("GET", "/me/order*"));
  }
}
