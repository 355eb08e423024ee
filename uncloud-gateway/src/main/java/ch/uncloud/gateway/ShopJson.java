package ch.uncloud.gateway;

import ch.uncloud.api.Money;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.ParameterSpec;
import ch.uncloud.api.shop.Product;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The shop's values as JSON for {@code /api/v1/}: snake_case names, amounts as strings with the
 * currency's decimals, instants in ISO-8601 UTC.
 */
final class ShopJson {
  private static final JsonProvider JSON = JsonProvider.provider();

  private ShopJson() {}

  /**
   * @param catalog the catalog
   * @return {@code {currency, resource_prices, products[]}}
   */
  static JsonObject catalog(Catalog catalog) {
    JsonArrayBuilder products = JSON.createArrayBuilder();
    for (Product product : catalog.products()) {
      products.add(product(catalog, product));
    }
    return JSON.createObjectBuilder()
        .add("currency", catalog.currency().getCurrencyCode())
        .add("resource_prices", JSON.createObjectBuilder()
            .add("per_core", price(catalog.resourcePrices().perCore(), catalog.currency()))
            .add("per_gb_ram", price(catalog.resourcePrices().perGbRam(), catalog.currency()))
            .add("per_gb_disk", price(catalog.resourcePrices().perGbDisk(), catalog.currency())))
        .add("products", products)
        .build();
  }

  private static JsonObject product(Catalog catalog, Product p) {
    JsonObjectBuilder body = JSON.createObjectBuilder()
        .add("code", p.code())
        .add("name", p.name())
        .add("description", p.description())
        .add("orderable", p.orderable())
        .add("requires_membership", p.requiresMembership())
        .add("one_time", price(p.oneTime(), catalog.currency()));
    if (p.resourcePriced()) {
      body.add("monthly", "resource_prices");
    } else {
      body.add("monthly", price(p.monthly(), catalog.currency()));
    }
    if (p.usageRatePerGbSecond().signum() > 0) {
      body.add("usage_per_gb_second", p.usageRatePerGbSecond().toPlainString());
    }
    if (p.maxActivePerAccount() > 0) {
      body.add("max_active_per_account", p.maxActivePerAccount());
    }
    JsonArrayBuilder freeWith = JSON.createArrayBuilder();
    new java.util.TreeSet<>(p.freeWithActive()).forEach(freeWith::add);
    body.add("free_with_active", freeWith);
    JsonArrayBuilder parameters = JSON.createArrayBuilder();
    for (ParameterSpec spec : p.parameters()) {
      JsonObjectBuilder item = JSON.createObjectBuilder()
          .add("name", spec.name())
          .add("type", spec.type().name().toLowerCase(Locale.ROOT));
      if (spec.type() == ParameterSpec.Type.INTEGER) {
        item.add("min", spec.min()).add("max", spec.max());
      } else {
        JsonArrayBuilder choices = JSON.createArrayBuilder();
        spec.choices().forEach(choices::add);
        item.add("choices", choices);
      }
      parameters.add(item);
    }
    return body.add("parameters", parameters).build();
  }

  /**
   * @param order an order
   * @param now the current instant, for {@code active}
   * @return the order as JSON
   */
  static JsonObject order(Order order, Instant now) {
    JsonObjectBuilder parameters = JSON.createObjectBuilder();
    new TreeMap<>(order.parameters()).forEach(parameters::add);
    JsonObjectBuilder body = JSON.createObjectBuilder()
        .add("order_id", order.id())
        .add("username", order.account().toString())
        .add("product", order.productCode())
        .add("parameters", parameters)
        .add("currency", order.monthly().currency().getCurrencyCode())
        .add("one_time", order.oneTime().toPlainString())
        .add("monthly", order.monthly().toPlainString())
        .add("payment", lower(order.payment()))
        .add("starts_at", order.startsAt().toString())
        .add("minimum_end", order.minimumEnd().toString())
        .add("placed_at", order.placedAt().toString())
        .add("active", order.activeAt(now));
    if (order.end() == null) {
      body.addNull("ends_at");
    } else {
      body.add("ends_at", order.end().toString());
    }
    if (order.replaces() != null) {
      body.add("replaces", order.replaces());
    }
    return body.build();
  }

  /**
   * @param bill a bill
   * @return the bill with its lines as JSON
   */
  static JsonObject bill(Bill bill) {
    JsonArrayBuilder lines = JSON.createArrayBuilder();
    addLines(lines, bill);
    JsonObjectBuilder body = JSON.createObjectBuilder()
        .add("username", bill.account().toString())
        .add("month", bill.month().toString())
        .add("status", lower(bill.status()))
        .add("currency", bill.total().currency().getCurrencyCode())
        .add("total", bill.total().toPlainString())
        .add("payment", lower(bill.payment()))
        .add("note", bill.note())
        .add("lines", lines);
    if (bill.dueDate() != null) {
      body.add("due_date", bill.dueDate().toString());
    }
    if (bill.status() != Bill.Status.PRELIMINARY) {
      body.add("bill_id", bill.id());
    }
    return body.build();
  }

  /**
   * A month's bills, one per payment choice, under {@code bills}, and at the top the fields one bill
   * had before bills were split by payment choice: the sum, every line (each with its
   * {@code payment}), {@code payment} ({@code mixed} when the bills are paid in different ways),
   * {@code status} ({@code open} while one is open), the earliest due date, and the note of a single bill.
   *
   * @param bills the bills of one account and month, at least one
   * @return the month as JSON
   */
  static JsonObject month(List<Bill> bills) {
    Bill first = bills.get(0);
    Money total = Money.zero(first.total().currency());
    JsonArrayBuilder lines = JSON.createArrayBuilder();
    JsonArrayBuilder each = JSON.createArrayBuilder();
    LocalDate due = null;
    for (Bill bill : bills) {
      total = total.plus(bill.total());
      addLines(lines, bill);
      each.add(bill(bill));
      if (bill.dueDate() != null && (due == null || bill.dueDate().isBefore(due))) {
        due = bill.dueDate();
      }
    }
    boolean single = bills.size() == 1;
    boolean open = bills.stream().anyMatch(b -> b.status() == Bill.Status.OPEN);
    JsonObjectBuilder body = JSON.createObjectBuilder()
        .add("username", first.account().toString())
        .add("month", first.month().toString())
        .add("status", open ? lower(Bill.Status.OPEN) : lower(first.status()))
        .add("currency", total.currency().getCurrencyCode())
        .add("total", total.toPlainString())
        .add("payment", single ? lower(first.payment()) : "mixed")
        .add("note", single ? first.note() : "")
        .add("lines", lines);
    if (due != null) {
      body.add("due_date", due.toString());
    }
    return body.add("bills", each).build();
  }

  private static void addLines(JsonArrayBuilder lines, Bill bill) {
    for (BillLine line : bill.lines()) {
      JsonObjectBuilder item = JSON.createObjectBuilder()
          .add("line_id", line.lineId())
          .add("kind", lower(line.kind()))
          .add("description", line.description())
          .add("from", line.from().toString())
          .add("to", line.to().toString())
          .add("amount", line.amount().toPlainString())
          .add("payment", lower(bill.payment()));
      if (line.orderId() != null) {
        item.add("order_id", line.orderId());
      }
      lines.add(item);
    }
  }

  /**
   * @param key the array's name
   * @param items the items
   * @return {@code {key: [items]}}
   */
  static JsonObject list(String key, Iterable<JsonObject> items) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    items.forEach(array::add);
    return JSON.createObjectBuilder().add(key, array).build();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param amount an exact catalog price
   * @param currency its currency
   * @return the price with at least the currency's decimals ({@code "5.00"}), more only when it has
   *     them ({@code "0.00000014"}), as {@code uncloud products} shows it too
   */
  static String price(BigDecimal amount, Currency currency) {
    int digits = currency.getDefaultFractionDigits();
    BigDecimal shown = amount.stripTrailingZeros();
    return (shown.scale() < digits ? shown.setScale(digits) : shown).toPlainString();
  }
}
