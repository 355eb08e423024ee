package ch.uncloud.cli;

import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.Product;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uncloud products}: the shop's catalog with prices, like {@code GET /api/v1/products}. */
@Command(name = "products", mixinStandardHelpOptions = true,
    description = "List the shop's products: code, name, price (one-time, monthly, per resource or usage) and "
        + "the parameters an order gives.")
final class ProductsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      Catalog catalog = backend.uncloud().catalog();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-16s %-18s %s%n", "CODE", "NAME", "PRICE (" + catalog.currency().getCurrencyCode() + ")");
      for (Product product : catalog.products()) {
        out.printf("%-16s %-18s %s%n", product.code(), product.name(), ShopText.pricing(catalog, product));
        out.printf("%-16s %-18s parameters: %s%n", "", "", ShopText.parameters(product));
        String rules = ShopText.rules(product);
        if (!rules.isEmpty()) {
          out.printf("%-16s %-18s %s%n", "", "", rules);
        }
      }
      return 0;
    }
  }
}
