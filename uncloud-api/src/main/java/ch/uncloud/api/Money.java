package ch.uncloud.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of money in one currency. Immutable and thread-safe.
 *
 * <p>The amount always carries exactly the currency's number of decimal places ({@code 10.5 CHF}
 * becomes {@code 10.50 CHF}); an amount with more significant decimals than the currency allows is
 * refused, never rounded. Arithmetic is exact and refuses to mix currencies.
 *
 * <p>Text is parsed strictly: an optional minus sign, digits without leading zeros, and optionally
 * a dot followed by digits ({@code "10.50"}, {@code "-3"}, {@code "0.05"}). Commas, exponents,
 * {@code NaN}, a plus sign, spaces and more than 15 integer digits are refused with a
 * {@link InvalidRequestException} ({@code malformed_amount}).
 *
 * @param amount the amount, scaled to the currency's decimal places
 * @param currency the ISO 4217 currency; must have a defined number of decimal places
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,18})?");

  /**
   * Checks the components; each is described with the record.
   *
   * @param amount the amount, scaled to the currency's decimal places
   * @param currency the ISO 4217 currency; must have a defined number of decimal places
   */
  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    int digits = currency.getDefaultFractionDigits();
    if (digits < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "currency " + currency.getCurrencyCode()
          + " has no fixed number of decimals and cannot be used for money");
    }
    if (amount.scale() > digits && amount.stripTrailingZeros().scale() > digits) {
      throw new InvalidRequestException(ErrorCodes.TOO_MANY_DECIMALS, "amount " + amount.toPlainString() + " has more than "
          + digits + " decimal places, the most " + currency.getCurrencyCode() + " allows");
    }
    if (amount.scale() != digits) {
      amount = amount.setScale(digits);
    }
  }

  /**
   * Parses a plain decimal amount strictly (see the class description).
   *
   * @param text the amount, e.g. {@code "10.50"}
   * @param currency its currency
   * @return the amount
   * @throws InvalidRequestException ({@code malformed_amount}) if the text is not a plain decimal number
   * @throws InvalidRequestException ({@code too_many_decimals}) if it has more decimals than the currency allows
   */
  public static Money parse(String text, Currency currency) {
    Objects.requireNonNull(currency, "currency");
    if (text == null || !PLAIN_DECIMAL.matcher(text).matches()) {
      throw new InvalidRequestException(ErrorCodes.MALFORMED_AMOUNT, "amount " + quote(text)
          + " is not a plain decimal number; write it like 10.50 (a dot, no thousands separators)");
    }
    return new Money(new BigDecimal(text), currency);
  }

  /**
   * Parses an amount and an ISO 4217 currency code, both strictly.
   *
   * @param amount the amount, e.g. {@code "10.50"}
   * @param currencyCode the currency, e.g. {@code "CHF"}
   * @return the amount
   * @throws InvalidRequestException ({@code malformed_amount}) if the amount is not a plain decimal number
   * @throws InvalidRequestException ({@code too_many_decimals}) if it has more decimals than the currency allows
   * @throws InvalidRequestException ({@code invalid_argument}) if the currency code is not an ISO 4217 code
   */
  public static Money of(String amount, String currencyCode) {
    return parse(amount, currency(currencyCode));
  }

  /**
   * @param amount the amount
   * @param currency its currency
   * @return the amount as money
   * @throws InvalidRequestException ({@code too_many_decimals}) if it has more decimals than the currency allows
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(amount, currency);
  }

  /**
   * @param currency the currency
   * @return zero in that currency
   */
  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /**
   * Looks up an ISO 4217 currency strictly (upper case, three letters).
   *
   * @param code for example {@code "CHF"}
   * @return the currency
   * @throws InvalidRequestException ({@code invalid_argument}) if the code is not a known currency
   */
  public static Currency currency(String code) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "currency " + quote(code) + " is not an ISO 4217 code such as CHF");
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "currency " + quote(code) + " is not an ISO 4217 code such as CHF", e);
    }
  }

  /**
   * @param other same currency
   * @return the exact sum
   * @throws InvalidRequestException ({@code currency_mismatch}) otherwise
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * @param other same currency
   * @return the exact difference
   * @throws InvalidRequestException ({@code currency_mismatch}) otherwise
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  /**
   * @return the amount with the opposite sign
   */
  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  /**
   * @return -1, 0 or 1 as the amount is negative, zero or positive
   */
  public int signum() {
    return amount.signum();
  }

  /**
   * @return whether the amount is below zero
   */
  public boolean isNegative() {
    return amount.signum() < 0;
  }

  /**
   * @return whether the amount is zero
   */
  public boolean isZero() {
    return amount.signum() == 0;
  }

  /**
   * @return whether the amount is above zero
   */
  public boolean isPositive() {
    return amount.signum() > 0;
  }

  /**
   * @param other an amount in the same currency
   * @throws InvalidRequestException ({@code currency_mismatch}) if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  /**
   * @return the amount as plain text with the currency's decimals, e.g. {@code 10.50}
   */
  public String toPlainString() {
    return amount.toPlainString();
  }

  /**
   * @return e.g. {@code 10.50 CHF}
   */
  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency.getCurrencyCode();
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new InvalidRequestException(ErrorCodes.CURRENCY_MISMATCH, "cannot combine " + this + " with " + other
          + ": amounts are in different currencies");
    }
  }

  private static String quote(String text) {
    if (text == null) {
      return "(missing)";
    }
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
