package ch.uncloud.api;

/**
 * A caller's key that makes a write safe to retry: the same key with the same payload returns the
 * first result; with a different payload it is an {@link ConflictException} ({@code idempotency_conflict}). Keys are
 * unique per service. 1 to 255 printable ASCII characters, as Stripe allows.
 *
 * @param value the key
 */
public record IdempotencyKey(String value) {
  private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,255}");
  /**
   * Checks the components; each is described with the record.
   *
   * @param value the key
   */
  public IdempotencyKey {
    Names.requirePattern(value, "idempotency key", FORMAT,
        "use 1 to 255 printable ASCII characters without spaces");
  }

  /**
   * @param value the key
   * @return the key
   */
  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
