package ch.uncloud.ovh;

import ch.uncloud.api.ProviderUnavailableException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Currency;

/** Reads OVH's {@code order.Price} objects exactly, never through {@code double}. */
final class OvhPrices {
  private static final int UCENTS_SCALE = 8;

  private OvhPrices() {}

  /**
   * @param price an {@code order.Price}: {@code {currencyCode, priceInUcents?, text, value}}
   * @return the amount: {@code priceInUcents / 10^8} when present, else the JSON text of {@code value}
   */
  static BigDecimal amount(JsonObject price) {
    JsonValue ucents = price.get("priceInUcents");
    BigDecimal amount;
    if (ucents instanceof JsonNumber n) {
      amount = BigDecimal.valueOf(n.longValueExact(), UCENTS_SCALE);
    } else if (price.get("value") instanceof JsonNumber v) {
      amount = v.bigDecimalValue();
    } else {
      throw new ProviderUnavailableException("OVH sent a price without value: " + price + "; try again later");
    }
    amount = amount.stripTrailingZeros();
    return amount.scale() < 2 ? amount.setScale(2) : amount;
  }

  /**
   * @param code an {@code order.CurrencyCodeEnum} value
   * @return the currency
   */
  static Currency currency(String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ProviderUnavailableException("OVH quoted a price in '" + code + "', which is not an ISO currency;"
          + " uncloud orders only with money prices", e);
    }
  }
}
