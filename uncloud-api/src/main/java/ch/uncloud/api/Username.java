package ch.uncloud.api;

/**
 * The name of a user (an account holder) as the account directory knows it, e.g. {@code nethzuser}.
 * Any printable text up to 256 characters without control or invisible formatting characters (such
 * as a zero-width space); providers escape it wherever it is used in queries.
 *
 * <p>A name as a caller typed it may be another spelling of the same person ({@code NETHZUSER},
 * fullwidth letters): the core resolves every incoming name once to the directory's stored spelling
 * ({@link ch.uncloud.spi.DirectoryEntry#username()}) and uses only that. {@link #matchKey()} is how an
 * LDAP directory compares names, for directories that must behave like one.
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
    for (int i = 0; i < value.length(); i++) {
      if (Character.getType(value.charAt(i)) == Character.FORMAT) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "username contains an invisible formatting "
            + "character (such as a zero-width space); type the name without it");
      }
    }
  }

  /**
   * @param value the name
   * @return the user name
   */
  public static Username of(String value) {
    return new Username(value);
  }

  /**
   * The name as LDAP's {@code caseIgnoreMatch} compares it, the way OpenLDAP prepares strings: each
   * character mapped to lower case on its own (so {@code İ} is {@code i}, while {@code ı} stays),
   * then Unicode compatibility normalization (NFKC: fullwidth {@code ｎ} and decomposed {@code ü}
   * become {@code n} and {@code ü}), then every space separator made a space, the spaces at both ends
   * removed and inner runs made one. Two names with the same key are the same entry on such a
   * directory. Directories that are not LDAP servers (the testkit's in-memory one, the embedded test
   * server) use it to find the same entry a real server finds; the core never compares names itself,
   * it asks the directory.
   *
   * @return the comparison key
   */
  public String matchKey() {
    return matchKey(value);
  }

  /**
   * {@link #matchKey()} of any text, also one that is not a valid user name (a raw LDAP assertion).
   *
   * @param text the text
   * @return the comparison key
   */
  public static String matchKey(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    text.codePoints().forEach(c -> lower.appendCodePoint(Character.toLowerCase(c)));
    String normalized = java.text.Normalizer.normalize(lower, java.text.Normalizer.Form.NFKC);
    StringBuilder key = new StringBuilder(normalized.length());
    boolean pendingSpace = false;
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (Character.getType(c) == Character.SPACE_SEPARATOR) {
        pendingSpace = key.length() > 0;
        continue;
      }
      if (pendingSpace) {
        key.append(' ');
        pendingSpace = false;
      }
      key.append(c);
    }
    return key.toString();
  }

  @Override
  public String toString() {
    return value;
  }
}
