package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;

/**
 * How one language writes amounts, dates and months, from its {@code language.properties}: the
 * amount pattern ({@code {currency}} and {@code {number}}), the grouping and decimal separators, and
 * {@link DateTimeFormatter} patterns for a date and a month (month names in that language), and the
 * words for each way a bill is paid ({@code payment.balance}, {@code payment.card},
 * {@code payment.bill}). The separators are the file's, not the JVM's locale data, so an amount
 * reads the same on every JDK; month names come from the JDK for the language tag.
 */
record LanguageStyle(String language, String amountPattern, String grouping, String decimal, DateTimeFormatter date,
    DateTimeFormatter month, Map<String, String> payments) {

  /** The ways a bill is paid, as {@code bill.final} events name them. */
  static final List<String> PAYMENTS = List.of("balance", "card", "bill");

  static final String FILE = "language.properties";

  /**
   * @param language the language tag
   * @param properties the language's {@value #FILE}
   * @param source where it was read, for messages
   * @return the style
   * @throws ConfigurationException naming the file and every missing or bad key
   */
  static LanguageStyle of(String language, Properties properties, String source) {
    List<String> problems = new java.util.ArrayList<>();
    String amount = value(properties, "amount", problems, source);
    String grouping = properties.getProperty("grouping", "");
    String decimal = value(properties, "decimal", problems, source);
    DateTimeFormatter date = formatter(language, properties, "date", problems, source);
    DateTimeFormatter month = formatter(language, properties, "month", problems, source);
    Map<String, String> payments = new TreeMap<>();
    for (String code : PAYMENTS) {
      String text = value(properties, "payment." + code, problems, source);
      if (text != null) {
        payments.put(code, text);
      }
    }
    if (amount != null && !amount.contains("{number}")) {
      problems.add(source + ": amount must contain {number}, e.g. {currency} {number}");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("mail templates for language " + language + " are incomplete: "
          + String.join("; ", problems));
    }
    return new LanguageStyle(language, amount, grouping, decimal, date, month, Map.copyOf(payments));
  }

  /**
   * Writes an amount with the currency's decimals, e.g. {@code CHF 1’234.50} or {@code CHF -3.00}.
   *
   * @param money the amount
   * @return the text
   */
  String format(Money money) {
    int digits = Math.max(money.currency().getDefaultFractionDigits(), 0);
    BigDecimal amount = money.amount().setScale(Math.max(digits, money.amount().scale()), RoundingMode.UNNECESSARY);
    String plain = amount.abs().toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    String fraction = dot < 0 ? "" : plain.substring(dot + 1);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append(grouping);
      }
      grouped.append(whole.charAt(i));
    }
    String number = (amount.signum() < 0 ? "-" : "") + grouped + (fraction.isEmpty() ? "" : decimal + fraction);
    return amountPattern.replace("{currency}", money.currency().getCurrencyCode()).replace("{number}", number);
  }

  /**
   * @param day a date
   * @return it in this language
   */
  String format(LocalDate day) {
    return date.format(day);
  }

  /**
   * @param value a month
   * @return it in this language, e.g. {@code März 2025}
   */
  String format(YearMonth value) {
    return month.format(value);
  }

  /**
   * @param code how a bill is paid: {@code balance}, {@code card} or {@code bill}
   * @return this language's words for it; an unknown code as it is
   */
  String payment(String code) {
    return payments.getOrDefault(code, code);
  }

  private static String value(Properties properties, String key, List<String> problems, String source) {
    String value = properties.getProperty(key);
    if (value == null || value.isEmpty()) {
      problems.add(source + ": missing " + key);
      return null;
    }
    return value;
  }

  private static DateTimeFormatter formatter(String language, Properties properties, String key,
      List<String> problems, String source) {
    String pattern = value(properties, key, problems, source);
    if (pattern == null) {
      return null;
    }
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(language));
    } catch (IllegalArgumentException e) {
      problems.add(source + ": " + key + " is not a date pattern (" + e.getMessage() + ")");
      return null;
    }
  }
}
