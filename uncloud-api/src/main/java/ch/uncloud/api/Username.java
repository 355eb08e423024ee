package ch.uncloud.api;

/**
 * The name of a user (an account holder) as the account directory knows it, e.g. {@code nethzuser}.
 * Any printable text up to 256 characters; providers escape it wherever it is used in queries.
 *
 * @param value the name
 */
public record Username(String value) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param value the name
   */
  public Username {
    Names.requireText(value, "username", 256);
  }

  /**
   * @param value the name
   * @return the user name
   */
  public static Username of(String value) {
    return new Username(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
