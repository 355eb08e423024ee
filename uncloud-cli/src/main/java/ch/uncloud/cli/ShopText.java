package ch.uncloud.cli;

import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.ParameterSpec;
import ch.uncloud.api.shop.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/** How catalog prices and products are written for people ({@code uncloud products}); the gateway writes prices in JSON the same way. */
final class ShopText {
  private ShopText() {}

  /**
   * @param amount an exact catalog price
   * @param currency its currency
   * @return the price with at least the currency's decimals ({@code "5.00"}), more only when it has
   *     them ({@code "0.00000014"})
   */
  static String price(BigDecimal amount, Currency currency) {
    int digits = currency.getDefaultFractionDigits();
    BigDecimal shown = amount.stripTrailingZeros();
    return (shown.scale() < digits ? shown.setScale(digits) : shown).toPlainString();
  }

  /**
   * @param catalog the catalog
   * @param product one of its products
   * @return how the product is priced, e.g. {@code monthly 5.00 CHF} or
   *     {@code one-time 35.00 CHF + monthly 3.00 CHF per core + ...}
   */
  static String pricing(Catalog catalog, Product product) {
    Currency currency = catalog.currency();
    String code = currency.getCurrencyCode();
    List<String> parts = new ArrayList<>();
    if (product.oneTime().signum() > 0) {
      parts.add("one-time " + price(product.oneTime(), currency) + " " + code);
    }
    if (product.resourcePriced()) {
      parts.add("monthly " + price(catalog.resourcePrices().perCore(), currency) + " " + code + " per core + "
          + price(catalog.resourcePrices().perGbRam(), currency) + " per GB RAM + "
          + price(catalog.resourcePrices().perGbDisk(), currency) + " per GB disk");
    } else if (product.monthly().signum() > 0) {
      parts.add("monthly " + price(product.monthly(), currency) + " " + code
          + (product.freeWithActive().isEmpty() ? "" : " (free while " + String.join(" or ", new java.util.TreeSet<>(product.freeWithActive()))
          + " is active)"));
    }
    if (product.usageRatePerGbSecond().signum() > 0) {
      parts.add(price(product.usageRatePerGbSecond(), currency) + " " + code + " per GB-second");
    }
    return parts.isEmpty() ? "free" : String.join(" + ", parts);
  }

  /**
   * @param product a product
   * @return its parameters, e.g. {@code cores 1-16, os debian-12|ubuntu-24.04}, or {@code none}
   */
  static String parameters(Product product) {
    List<String> parts = new ArrayList<>();
    for (ParameterSpec spec : product.parameters()) {
      parts.add(spec.type() == ParameterSpec.Type.INTEGER
          ? spec.name() + " " + spec.min() + "-" + spec.max()
          : spec.name() + " " + String.join("|", spec.choices()));
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /**
   * @param product a product
   * @return its ordering rules, e.g. {@code needs a membership; at most 1 per account}, or empty
   */
  static String rules(Product product) {
    List<String> parts = new ArrayList<>();
    if (!product.orderable()) {
      parts.add("not ordered directly");
    }
    if (product.requiresMembership()) {
      parts.add("needs a membership");
    }
    if (product.maxActivePerAccount() > 0) {
      parts.add("at most " + product.maxActivePerAccount() + " per account");
    }
    return String.join("; ", parts);
  }
}
