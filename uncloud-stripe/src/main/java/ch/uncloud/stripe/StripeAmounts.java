package ch.uncloud.stripe;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Converts {@link Money} to and from the integer minor units Stripe's API expects, with Stripe's own
 * currency rules rather than ISO 4217's: Stripe's zero-decimal currencies take whole units
 * ({@code 500 JPY} is {@code 500}), its three-decimal currencies need a last digit of 0, and ISK is
 * two-decimal on the wire but whole krónur only. An amount that cannot be expressed exactly is
 * refused, never rounded. Stateless and thread-safe.
 */
public final class StripeAmounts {
  /** Stripe's zero-decimal currencies (docs: "Zero-decimal currencies"). */
  static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG",
      "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
  /** Stripe's three-decimal currencies; the minor-unit amount must end in 0. */
  static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");
  /** Two decimals on the wire but whole units only: the minor-unit amount must be a multiple of 100. */
  static final Set<String> WHOLE_UNITS_IN_TWO_DECIMALS = Set.of("ISK");
  /** The largest amount Stripe accepts for a charge: eight digits in minor units. */
  static final long MAX_MINOR_UNITS = 99_999_999L;

  private StripeAmounts() {}

  /**
   * @param currency a currency
   * @return how many decimals Stripe's API uses for it
   */
  public static int stripeDecimals(Currency currency) {
    String code = currency.getCurrencyCode();
    if (ZERO_DECIMAL.contains(code)) {
      return 0;
    }
    if (THREE_DECIMAL.contains(code)) {
      return 3;
    }
    return 2;
  }

  /**
   * @param amount a positive amount
   * @return the amount in Stripe's minor units, e.g. {@code 10.50 CHF} is {@code 1050}
   * @throws InvalidRequestException ({@code amount_not_representable}) if Stripe cannot take exactly this amount
   */
  public static long toMinorUnits(Money amount) {
    Currency currency = amount.currency();
    String code = currency.getCurrencyCode();
    BigDecimal scaled = amount.amount().movePointRight(stripeDecimals(currency));
    BigInteger minor;
    try {
      minor = scaled.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, "Stripe takes " + code + " in whole units only; " + amount
          + " has a fraction: round the amount to whole " + code + " before charging or refunding", e);
    }
    if (minor.signum() <= 0) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, "Stripe takes only positive amounts; got " + amount);
    }
    if (minor.compareTo(BigInteger.valueOf(MAX_MINOR_UNITS)) > 0) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, amount + " is above the largest amount Stripe accepts in one "
          + "payment (" + MAX_MINOR_UNITS + " in " + code + " minor units): split it into smaller payments");
    }
    long value = minor.longValueExact();
    if (THREE_DECIMAL.contains(code) && value % 10 != 0) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, "Stripe needs " + code + " amounts with a last decimal of 0 "
          + "(for example 5.120, not 5.124); got " + amount + ": round it to two decimals");
    }
    if (WHOLE_UNITS_IN_TWO_DECIMALS.contains(code) && value % 100 != 0) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, "Stripe takes " + code + " in whole units only; got " + amount);
    }
    return value;
  }

  /**
   * @param minorUnits an amount as Stripe reports it
   * @param stripeCurrency Stripe's lower-case currency code, e.g. {@code chf}
   * @return the amount as money
   * @throws InvalidRequestException ({@code amount_not_representable}) if the currency's ISO decimals cannot hold it (for example
   *     {@code MGA}, which Stripe treats as zero-decimal, is fine; a fraction of {@code ISK} is not)
   */
  public static Money fromMinorUnits(long minorUnits, String stripeCurrency) {
    Currency currency = Money.currency(stripeCurrency.toUpperCase(Locale.ROOT));
    BigDecimal amount = BigDecimal.valueOf(minorUnits).movePointLeft(stripeDecimals(currency));
    try {
      return Money.of(amount, currency);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_REPRESENTABLE, "Stripe reported " + minorUnits + " minor units of "
          + currency.getCurrencyCode() + ", which has more decimals than the currency allows", e);
    }
  }

  /**
   * @param currency a currency
   * @return Stripe's code for it, lower case, e.g. {@code chf}
   */
  public static String stripeCurrency(Currency currency) {
    return currency.getCurrencyCode().toLowerCase(Locale.ROOT);
  }
}
