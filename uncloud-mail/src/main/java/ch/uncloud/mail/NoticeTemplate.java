package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One notice's text in one language: a subject line and a plain-text body with named placeholders
 * such as {@code {balance}}. The file reads
 *
 * <pre>
 * # comment lines at the top are ignored
 * Subject: Your balance is below {threshold}
 *
 * Hello {name}
 * ...
 * </pre>
 *
 * <p>Values are inserted as plain text, never as markup. A body line with a placeholder that has no
 * value for this notice (e.g. {@code {due}} for a bill paid from the balance) is left out whole, so
 * a template needs no conditions. Immutable.
 */
final class NoticeTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");
  private static final String SUBJECT = "Subject:";

  private final String subject;
  private final List<String> body;

  private NoticeTemplate(String subject, List<String> body) {
    this.subject = subject;
    this.body = List.copyOf(body);
  }

  /**
   * Parses and checks a template.
   *
   * @param text the file's content
   * @param kind the notice it is for, which decides the placeholders it may use
   * @param source where it was read, for messages
   * @return the template
   * @throws ConfigurationException naming the file and what is wrong with it
   */
  static NoticeTemplate parse(String text, NoticeKind kind, String source) {
    List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)));
    while (!lines.isEmpty() && lines.get(0).startsWith("#")) {
      lines.remove(0);
    }
    if (lines.isEmpty() || !lines.get(0).startsWith(SUBJECT) || lines.get(0).substring(SUBJECT.length()).isBlank()) {
      throw new ConfigurationException("mail template " + source + " must start with a line 'Subject: ...'");
    }
    if (lines.size() < 3 || !lines.get(1).isBlank()) {
      throw new ConfigurationException("mail template " + source + " needs an empty line after the subject, then "
          + "the body");
    }
    String subject = lines.get(0).substring(SUBJECT.length()).strip();
    List<String> body = new ArrayList<>(lines.subList(2, lines.size()));
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    List<String> unknown = new ArrayList<>();
    List<String> all = new ArrayList<>(body);
    all.add(subject);
    for (String line : all) {
      Matcher m = PLACEHOLDER.matcher(line);
      while (m.find()) {
        if (!kind.placeholders().contains(m.group(1)) && !unknown.contains(m.group(1))) {
          unknown.add(m.group(1));
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException("mail template " + source + " uses unknown placeholders "
          + unknown.stream().map(u -> "{" + u + "}").toList() + "; a " + kind.template() + " notice knows "
          + kind.placeholders().stream().map(u -> "{" + u + "}").toList());
    }
    return new NoticeTemplate(subject, body);
  }

  /**
   * @param values placeholder names to their formatted values; a missing name has no value
   * @return the subject and body with the values in
   */
  RenderedNotice render(Map<String, String> values) {
    // a header must stay one line, whatever a value (a display name) holds
    String renderedSubject = fill(subject, values).replaceAll("[\\p{Cntrl}]+", " ").strip();
    StringBuilder text = new StringBuilder();
    for (String line : body) {
      if (hasAllValues(line, values)) {
        text.append(fill(line, values)).append('\n');
      }
    }
    return new RenderedNotice(renderedSubject, text.toString());
  }

  private static boolean hasAllValues(String line, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(line);
    while (m.find()) {
      if (values.get(m.group(1)) == null) {
        return false;
      }
    }
    return true;
  }

  private static String fill(String line, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A notice written out.
   *
   * @param subject the subject line
   * @param body the plain-text body, lines ending in {@code \n}
   */
  record RenderedNotice(String subject, String body) {}
}
