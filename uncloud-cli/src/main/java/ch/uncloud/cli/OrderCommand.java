package ch.uncloud.cli;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.PaymentChoice;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud order}: places a shop order for a user, like {@code POST /api/v1/orders}. */
@Command(name = "order", mixinStandardHelpOptions = true,
    description = {"Order a product of the shop for a user (see `uncloud products`).", "",
        "  uncloud order --config FILE --user nethzuser --product membership",
        "  uncloud order --config FILE --user nethzuser --product ipv6-vm --param cores=2 --param ram_gb=4 "
            + "--param os_disk_gb=20 --param os=debian-12 --pay invoice"})
final class OrderCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "Who orders (and pays).")
  String user;

  @Option(names = "--product", required = true, paramLabel = "CODE", description = "The product's code, e.g. ipv6-vm.")
  String product;

  @Option(names = "--param", paramLabel = "NAME=VALUE", mapFallbackValue = "",
      description = "A parameter of the product, e.g. cores=2; repeat for each.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--pay", paramLabel = "HOW", defaultValue = "balance",
      description = "How the bills are paid: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  PaymentChoice payment;

  @Option(names = "--key", paramLabel = "KEY", description = "Idempotency key: a retry with the same key orders once.")
  String key;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      OrderRequest request = new OrderRequest(Username.of(user), product, parameters, payment,
          key == null ? null : IdempotencyKey.of(key));
      Order order = backend.uncloud().orders().placeOrder(request).order();
      print(spec.commandLine().getOut(), order);
      return 0;
    }
  }

  private static java.time.Instant seconds(java.time.Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  static void print(PrintWriter out, Order order) {
    String currency = order.monthly().currency().getCurrencyCode();
    out.println("ordered " + order.productCode() + " for " + order.account() + ": order_id " + order.id());
    if (!order.parameters().isEmpty()) {
      out.println("  parameters: " + new java.util.TreeMap<>(order.parameters()).entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
    }
    out.println("  price:      one-time " + order.oneTime().toPlainString() + " " + currency + ", monthly "
        + order.monthly().toPlainString() + " " + currency + ", paid by " + order.payment().name().toLowerCase(Locale.ROOT));
    out.println("  runs:       from " + seconds(order.startsAt()) + ", at least until " + seconds(order.minimumEnd())
        + (order.end() == null ? "" : ", ends " + seconds(order.end())));
  }
}
