package ch.uncloud.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, API key or other secret. Its {@link #toString()} never reveals the value, so a secret
 * that ends up in a log line or an exception message shows as {@code ****}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  /**
   * @param value the secret text
   * @return it, wrapped
   */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * @return the secret text; use it only at the point where it is sent or checked
   */
  public String reveal() {
    return value;
  }

  /**
   * @return whether the secret is empty
   */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /**
   * Compares in time independent of where the texts differ.
   *
   * @param other the other secret
   * @return whether both hold the same text
   */
  public boolean matches(Secret other) {
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && matches(s);
  }

  @Override
  public int hashCode() {
    return 0; // equal secrets must hash alike; the hash must not leak anything
  }

  /**
   * @return {@code ****}, never the value
   */
  @Override
  public String toString() {
    return "****";
  }
}
