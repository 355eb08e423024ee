package ch.uncloud.testservers.stripe;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who may call the fake: test-mode secret keys ({@code sk_test_...}) and test-mode restricted keys
 * ({@code rk_test_...}), as Bearer auth or as the Basic auth user ({@code curl -u sk_test_...:}).
 * Anything else is Stripe's 401, so a live key can never be used by mistake. A restricted key's
 * permissions are not modelled: it may do what a secret key may.
 */
final class ApiKeys {
  private ApiKeys() {}

  /**
   * @param authorization the {@code Authorization} header, or {@code null}
   * @throws StripeError 401 without a key or with anything but a test-mode secret or restricted key
   */
  static void authenticate(String authorization) {
    String key = key(authorization);
    if (key == null || key.isEmpty()) {
      throw StripeError.invalid(401, null, "You did not provide an API key. You need to provide your API key in the "
          + "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').", null);
    }
    if (!(key.startsWith("sk_test_") || key.startsWith("rk_test_")) || key.length() < 12) {
      String shown = key.length() <= 8 ? "****" : key.substring(0, Math.min(8, key.indexOf('_', 3) + 1)) + "****"
          + key.substring(key.length() - 4);
      throw StripeError.invalid(401, null, "Invalid API Key provided: " + shown
          + " (this fake accepts only test-mode keys, sk_test_... or rk_test_...)", null);
    }
  }

  private static String key(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.startsWith("Bearer ")) {
      return authorization.substring(7).trim();
    }
    if (authorization.startsWith("Basic ")) {
      try {
        String user = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        return user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
