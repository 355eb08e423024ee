package ch.uncloud.api.shop;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shop's products and prices: what can be ordered, with which parameters, at which price. The
 * core loads one from a JSON file an operator edits ({@code ch.uncloud.core.Catalogs}); tests may
 * build one from products directly. Immutable and thread-safe.
 *
 * <p>Prices are exact decimals. A resource-priced monthly price that has more decimals than the
 * currency is rounded half-up to the currency's decimals, once, when quoted.
 */
public final class Catalog {
  private final Currency currency;
  private final ResourcePrices resourcePrices;
  private final Map<String, Product> products;

  /**
   * @param currency the currency of every price
   * @param resourcePrices the resource price table of resource-priced products
   * @param products the products, in the order they are listed; codes are unique
   * @throws InvalidRequestException ({@code invalid_argument}) if two products share a code
   */
  public Catalog(Currency currency, ResourcePrices resourcePrices, List<Product> products) {
    this.currency = Objects.requireNonNull(currency, "currency");
    this.resourcePrices = Objects.requireNonNull(resourcePrices, "resourcePrices");
    Map<String, Product> byCode = new LinkedHashMap<>();
    for (Product product : products) {
      if (byCode.putIfAbsent(product.code(), product) != null) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "product " + product.code()
            + " is listed twice; give each product one entry");
      }
    }
    this.products = Collections.unmodifiableMap(byCode);
  }

  /** @return the currency of every price */
  public Currency currency() {
    return currency;
  }

  /** @return the resource price table */
  public ResourcePrices resourcePrices() {
    return resourcePrices;
  }

  /** @return every product, in catalog order */
  public List<Product> products() {
    return List.copyOf(products.values());
  }

  /**
   * @param code a product code
   * @return the product
   * @throws NotFoundException ({@code unknown_product}) if there is none with that code
   */
  public Product product(String code) {
    Product product = products.get(code);
    if (product == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_PRODUCT, "no product '" + code + "' in the catalog; products are " + products.keySet());
    }
    return product;
  }

  /**
   * Prices an order: checks the parameters and computes one-time and monthly prices.
   *
   * @param code the product
   * @param parameters the order's parameters
   * @return the prices
   * @throws NotFoundException ({@code unknown_product}) if the product does not exist
   * @throws InvalidRequestException ({@code invalid_argument}) if a parameter is missing, unknown or out of range
   */
  public Quote quote(String code, Map<String, String> parameters) {
    Product product = product(code);
    Map<String, String> checked = product.checkParameters(parameters);
    BigDecimal monthly = product.resourcePriced() ? resourcePrices.monthly(checked) : product.monthly();
    return new Quote(code, checked, money(product.oneTime()), money(monthly));
  }

  private Money money(BigDecimal amount) {
    return Money.of(amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP), currency);
  }
}
