package ch.uncloud.mail;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one notice says, before it is written in a language: its kind, the event it announces, the
 * account, and the values of its placeholders as typed values ({@link Money}, {@link LocalDate},
 * {@link YearMonth}, {@link Payment}, or text), which each language formats its own way.
 *
 * @param kind which notice
 * @param eventId the event's id (the notice's Message-ID derives from it)
 * @param account the account, by its canonical name
 * @param values placeholder names to values; a placeholder without a value is left out
 */
record Notice(NoticeKind kind, String eventId, Username account, Map<String, Object> values) {
  Notice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(account, "account");
    for (String name : values.keySet()) {
      if (!kind.placeholders().contains(name)) {
        throw new IllegalArgumentException("a " + kind.template() + " notice has no placeholder {" + name + "}");
      }
    }
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * How a bill is paid, written in each language's words ({@code payment.CODE} in its
   * {@code language.properties}).
   *
   * @param code {@code balance}, {@code card} or {@code bill}
   */
  record Payment(String code) {}

  /**
   * @param style the language
   * @param displayName the person's name as the directory has it
   * @return every placeholder's value written in that language
   */
  Map<String, String> formatted(LanguageStyle style, String displayName) {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("name", displayName);
    text.put("account", account.value());
    values.forEach((name, value) -> text.put(name, format(style, value)));
    return text;
  }

  private static String format(LanguageStyle style, Object value) {
    if (value instanceof Money money) {
      return style.format(money);
    }
    if (value instanceof LocalDate date) {
      return style.format(date);
    }
    if (value instanceof YearMonth month) {
      return style.format(month);
    }
    if (value instanceof Payment payment) {
      return style.payment(payment.code());
    }
    return value == null ? null : value.toString();
  }
}
