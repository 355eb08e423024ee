package ch.uncloud.api;

/**
 * The checks every name and id value shares, for values of uncloud and of providers alike. Each
 * returns the value unchanged when it passes, so it can be used inline in a record's constructor.
 */
public final class Names {
  /** Ids uncloud or a provider hands out: letters, digits, '_' and '-', 1 to 64. */
  public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private Names() {}

  /**
   * @param value a display name, a comment or another free text
   * @param what what it is, for the message (e.g. {@code "admin name"})
   * @param maxLength the most characters allowed
   * @return the value
   * @throws InvalidRequestException ({@code invalid_argument}) if it is missing, blank, too long,
   *     holds a control character or has leading or trailing spaces
   */
  public static String requireText(String value, String what, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " is missing");
    }
    if (value.length() > maxLength) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " contains a control character");
      }
    }
    if (!value.strip().equals(value)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " has leading or trailing spaces");
    }
    return value;
  }

  /**
   * Checks an id against {@link #ID} without a regex: ids are checked on every booking.
   *
   * @param value the id
   * @param what what it is, for the message (e.g. {@code "entry id"})
   * @return the id
   * @throws InvalidRequestException ({@code invalid_argument}) if it does not match {@link #ID}
   */
  public static String requireId(String value, String what) {
    int length = value == null ? 0 : value.length();
    boolean ok = length >= 1 && length <= 64;
    for (int i = 0; ok && i < length; i++) {
      char c = value.charAt(i);
      ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
    return ok ? value : requirePattern(value, what, ID, "use 1 to 64 letters, digits, '_' or '-'");
  }

  /**
   * @param value the value
   * @param what what it is, for the message
   * @param pattern what it must match, whole
   * @param rule the rule in words, for the message
   * @return the value
   * @throws InvalidRequestException ({@code invalid_argument}) if it is missing or does not match
   */
  public static String requirePattern(String value, String what, java.util.regex.Pattern pattern, String rule) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " is missing");
    }
    if (!pattern.matcher(value).matches()) {
      String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " '" + shown.replaceAll("\\p{Cntrl}", "?")
          + "' is not valid: " + rule);
    }
    return value;
  }
}
