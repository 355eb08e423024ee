package ch.uncloud.api;

/**
 * The name of a service (a provider that books charges), e.g. {@code lasercutter}: lower-case
 * letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit, at most 64.
 *
 * @param value the name
 */
public record ServiceName(String value) {
  private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /**
   * Checks the components; each is described with the record.
   *
   * @param value the name
   */
  public ServiceName {
    Names.requirePattern(value, "service name", FORMAT,
        "use 1 to 64 lower-case letters, digits, '.', '_' or '-'");
  }

  /**
   * @param value the name
   * @return the service name
   */
  public static ServiceName of(String value) {
    return new ServiceName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
