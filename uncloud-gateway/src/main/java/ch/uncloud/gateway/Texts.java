package ch.uncloud.gateway;

/** Small text helpers for messages that show a caller's input back. */
final class Texts {
  private Texts() {}

  /**
   * @param text caller input
   * @return the text shortened to 40 characters, control characters replaced, in quotes
   */
  static String shown(String text) {
    if (text == null) {
      return "(missing)";
    }
    String shortened = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "'" + shortened.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
