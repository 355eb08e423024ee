package ch.uncloud.mail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the language of a notice from the person's directory attribute ({@code preferredLanguage}
 * by default), whose value RFC 2798 writes like an HTTP {@code Accept-Language}: {@code de},
 * {@code de-CH}, or {@code fr, de;q=0.8, en;q=0.5}. The first language by weight that has templates
 * wins, matched exactly ({@code de-ch}) or by its primary tag ({@code de-CH} gets {@code de}); if none
 * has templates, or the attribute is missing, the configured default. Immutable.
 */
final class LanguageChoice {
  private final Set<String> available;
  private final String fallback;

  /**
   * @param available the language tags with templates, lower case
   * @param fallback the default language, one of them
   */
  LanguageChoice(Set<String> available, String fallback) {
    if (!available.contains(fallback)) {
      throw new IllegalArgumentException("the default language " + fallback + " has no templates");
    }
    this.available = Set.copyOf(available);
    this.fallback = fallback;
  }

  /**
   * @param values the attribute's values (none if the person has no such attribute)
   * @return the language to write in
   */
  String choose(List<String> values) {
    record Weighted(String tag, double weight, int order) {}
    List<Weighted> wanted = new ArrayList<>();
    int order = 0;
    for (String value : values) {
      for (String part : value.split(",")) {
        String[] pieces = part.split(";");
        if (pieces.length == 0) {
          continue;
        }
        String tag = NoticeTemplates.normalize(pieces[0]);
        if (tag.isEmpty() || tag.equals("*")) {
          continue;
        }
        double weight = 1.0;
        for (int i = 1; i < pieces.length; i++) {
          String parameter = pieces[i].strip().toLowerCase(Locale.ROOT);
          if (parameter.startsWith("q=")) {
            try {
              weight = Double.parseDouble(parameter.substring(2));
            } catch (NumberFormatException e) {
              weight = 0;
            }
          }
        }
        if (weight > 0) {
          wanted.add(new Weighted(tag, weight, order++));
        }
      }
    }
    wanted.sort(Comparator.comparingDouble(Weighted::weight).reversed().thenComparingInt(Weighted::order));
    for (Weighted w : wanted) {
      if (available.contains(w.tag())) {
        return w.tag();
      }
      int dash = w.tag().indexOf('-');
      if (dash > 0 && available.contains(w.tag().substring(0, dash))) {
        return w.tag().substring(0, dash);
      }
    }
    return fallback;
  }

  /**
   * @return the default language
   */
  String fallback() {
    return fallback;
  }
}
