package ch.uncloud.api;

/** Shared checks for the small name and id records. */
final class Names {
  /** Ids uncloud or a provider hands out: letters, digits, '_' and '-', 1 to 64. */
  static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private Names() {}

  static String requireText(String value, String what, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidArgumentException(what + " is missing");
    }
    if (value.length() > maxLength) {
      throw new InvalidArgumentException(what + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidArgumentException(what + " contains a control character");
      }
    }
    if (!value.strip().equals(value)) {
      throw new InvalidArgumentException(what + " has leading or trailing spaces");
    }
    return value;
  }

  /** Checks an id against {@link #ID} without a regex: ids are checked on every booking. */
  static String requireId(String value, String what) {
    int length = value == null ? 0 : value.length();
    boolean ok = length >= 1 && length <= 64;
    for (int i = 0; ok && i < length; i++) {
      char c = value.charAt(i);
      ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
    return ok ? value : requirePattern(value, what, ID, "use 1 to 64 letters, digits, '_' or '-'");
  }

  static String requirePattern(String value, String what, java.util.regex.Pattern pattern, String rule) {
    if (value == null || value.isEmpty()) {
      throw new InvalidArgumentException(what + " is missing");
    }
    if (!pattern.matcher(value).matches()) {
      String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
      throw new InvalidArgumentException(what + " '" + shown.replaceAll("\\p{Cntrl}", "?")
          + "' is not valid: " + rule);
    }
    return value;
  }
}
