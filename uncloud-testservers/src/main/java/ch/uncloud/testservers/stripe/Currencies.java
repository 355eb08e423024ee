package ch.uncloud.testservers.stripe;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stripe's currency rules for a charge: lowercase ISO 4217 codes, amounts in the currency's minor
 * unit (none for zero-decimal currencies such as {@code jpy}), and a minimum amount per currency
 * (0.50 CHF, 0.50 EUR, 0.30 GBP, ...), below which Stripe answers 400 {@code amount_too_small}. For a
 * currency without a listed minimum Stripe converts to the settlement currency; this fake then asks
 * only for a positive amount.
 */
final class Currencies {
  private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
      "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
  private static final Map<String, String> MINIMUM = Map.ofEntries(
      Map.entry("usd", "0.50"), Map.entry("aed", "2.00"), Map.entry("aud", "0.50"), Map.entry("bgn", "1.00"),
      Map.entry("brl", "0.50"), Map.entry("cad", "0.50"), Map.entry("chf", "0.50"), Map.entry("czk", "15.00"),
      Map.entry("dkk", "2.50"), Map.entry("eur", "0.50"), Map.entry("gbp", "0.30"), Map.entry("hkd", "4.00"),
      Map.entry("huf", "175.00"), Map.entry("inr", "0.50"), Map.entry("jpy", "50"), Map.entry("mxn", "10"),
      Map.entry("myr", "2"), Map.entry("nok", "3.00"), Map.entry("nzd", "0.50"), Map.entry("pln", "2.00"),
      Map.entry("ron", "2.00"), Map.entry("sek", "3.00"), Map.entry("sgd", "0.50"), Map.entry("thb", "10"));
  private static final Set<String> SUPPORTED = supported();

  private Currencies() {}

  private static Set<String> supported() {
    Set<String> codes = Currency.getAvailableCurrencies().stream()
        .map(c -> c.getCurrencyCode().toLowerCase(Locale.ROOT))
        .filter(c -> !c.startsWith("x") || Set.of("xaf", "xcd", "xof", "xpf").contains(c)) // not funds or metals
        .collect(Collectors.toCollection(TreeSet::new));
    codes.addAll(MINIMUM.keySet());
    return codes;
  }

  /**
   * @param currency the {@code currency} parameter
   * @param param the parameter's name, for the error
   * @return the currency
   * @throws StripeError 400 {@code parameter_missing} or {@code invalid currency}
   */
  static String check(String currency, String param) {
    if (currency == null) {
      throw StripeError.invalid(400, "parameter_missing", "Missing required param: " + param + ".", param);
    }
    if (!SUPPORTED.contains(currency)) {
      throw StripeError.invalid(400, "parameter_invalid_string", "Invalid currency: " + currency
          + ". Stripe currently supports these currencies: " + String.join(", ", SUPPORTED), param);
    }
    return currency;
  }

  /**
   * @param amount an amount in the currency's minor unit
   * @param currency a checked currency
   * @param param the parameter's name, for the error
   * @throws StripeError 400 {@code amount_too_small} below the currency's minimum
   */
  static void checkMinimum(long amount, String currency, String param) {
    String minimum = MINIMUM.get(currency);
    if (minimum == null) {
      return;
    }
    BigDecimal major = new BigDecimal(minimum);
    long minor = ZERO_DECIMAL.contains(currency) ? major.longValueExact() : major.movePointRight(2).longValueExact();
    if (amount < minor) {
      throw StripeError.invalid(400, "amount_too_small", "Amount must be at least " + minimum + " " + currency,
          param);
    }
  }
}
