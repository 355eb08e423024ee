package ch.uncloud.cli;

import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.ovh.OvhOrderRecord;
import ch.uncloud.ovh.OvhPlan;
import ch.uncloud.ovh.OvhServerOrdering;
import ch.uncloud.ovh.OvhServerOrderingProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud ovh ...}: order dedicated servers through OVH's API (module uncloud-ovh) with the
 * {@code uncloud.ovh.*} keys of a configuration file: browse the catalog, prepare an order (a priced
 * dry run), check it out (only with {@code --yes}), list and inspect orders.
 */
@Command(name = "ovh", mixinStandardHelpOptions = true,
    description = {"Order dedicated servers from OVH (keys uncloud.ovh.* in --config FILE).",
        "Try it against `uncloud fake ovh`: set uncloud.ovh.endpoint and uncloud.ovh.trust-certificate to what it prints."},
    subcommands = {OvhCommand.Catalog.class, OvhCommand.Order.class, OvhCommand.Prepare.class,
        OvhCommand.Reconfigure.class,
        OvhCommand.Checkout.class, OvhCommand.Orders.class, OvhCommand.Show.class})
final class OvhCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name an ovh command: catalog, order, prepare, reconfigure, checkout, orders or show");
  }

  /** The configuration file every ovh command reads. */
  static final class ConfigOption {
    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "A properties file with the uncloud.ovh.* keys (endpoint, credentials as env:/file: "
            + "references, subsidiary, journal-dir, ...).")
    Path config;

    OvhServerOrdering open() {
      return (OvhServerOrdering) new OvhServerOrderingProvider().create(ProviderConfig.load(config));
    }

    /**
     * Checks {@code ovh}'s order out the way the gateway does: announced to the configured event
     * subscriptions ({@code server_order.checked_out}), if there are any.
     */
    ServerOrder checkout(OvhServerOrdering ovh, String orderId) {
      try (ServerOrdering announcing = UncloudCore.announcingCheckouts(ovh, ProviderConfig.load(config))) {
        return announcing.checkout(orderId);
      }
    }
  }

  /** A server's configuration, shared by {@code order}, {@code prepare} and {@code reconfigure}. */
  static final class ConfigurationOptions {
    @Option(names = "--datacenter", paramLabel = "DC",
        description = "Datacenter (when preparing, default uncloud.ovh.datacenter).")
    String datacenter;

    @Option(names = "--os", paramLabel = "NAME",
        description = "Operating system (when preparing, default uncloud.ovh.os: none_64.en).")
    String operatingSystem;

    @Option(names = "--region", paramLabel = "NAME",
        description = "Region (when preparing, default uncloud.ovh.region: europe).")
    String region;
  }

  /** What to order: the plan and its configuration, shared by {@code order} and {@code prepare}. */
  static final class ServerOptions {
    @Option(names = "--plan", required = true, paramLabel = "CODE", description = "The plan code from the catalog.")
    String plan;

    @Mixin
    ConfigurationOptions configuration;

    ch.uncloud.api.servers.ServerOrderRequest request(OvhServerOrdering ovh) {
      return ovh.request(plan, configuration.datacenter, configuration.operatingSystem, configuration.region);
    }
  }

  private static String describe(ServerOrder order) {
    return order.id() + "  " + order.status() + "  " + order.request().planCode() + " in "
        + order.request().datacenter() + ", " + order.request().operatingSystem() + "  "
        + order.totalPrice().toPlainString() + " " + order.currency().getCurrencyCode()
        + (order.providerOrderId() == null ? "" : "  OVH order " + order.providerOrderId());
  }

  /** {@code uncloud ovh catalog}. */
  @Command(name = "catalog", mixinStandardHelpOptions = true, description = "List dedicated-server plans, cheapest first.")
  static final class Catalog implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--family", paramLabel = "NAME", description = "Only this product family, e.g. rise.")
    String family;

    @Option(names = {"--max-price", "--max-monthly"}, paramLabel = "PRICE",
        description = "Only plans up to this monthly price.")
    BigDecimal maxMonthly;

    @Option(names = "--subsidiary", paramLabel = "CODE",
        description = "OVH subsidiary whose catalog and prices to show, e.g. FR (default: uncloud.ovh.subsidiary).")
    String subsidiary;

    @Option(names = "--min-memory", paramLabel = "GB", description = "Only plans with at least this much memory.")
    Integer minMemory;

    @Option(names = "--plan", paramLabel = "CODE",
        description = "Show one plan: its monthly price, setup fee and the datacenters, systems and regions it takes.")
    String plan;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        if (plan != null) {
          OvhPlan p = ovh.plan(plan);
          PrintWriter out = spec.commandLine().getOut();
          String currency = " " + p.currency().getCurrencyCode();
          out.println(p.planCode() + "  " + p.family() + "  " + p.description());
          out.println("monthly      " + p.monthlyPrice().toPlainString() + currency);
          out.println("setup fee    " + p.setupFee().toPlainString() + currency + " (once)");
          out.println("first month  " + p.firstMonth().toPlainString() + currency + " without tax");
          out.println("datacenters  " + String.join(", ", p.datacenters()) + "  (--datacenter)");
          out.println("systems      " + String.join(", ", p.operatingSystems()) + "  (--os)");
          out.println("regions      " + String.join(", ", p.regions()) + "  (--region)");
          return 0;
        }
        ServerQuery query = new ServerQuery(family, maxMonthly, minMemory);
        List<ServerOffer> offers = subsidiary == null ? ovh.catalog(query) : ovh.catalog(subsidiary, query);
        PrintWriter out = spec.commandLine().getOut();
        java.util.Map<String, java.math.BigDecimal> setup = ovh.setupFees(subsidiary == null ? ovh.subsidiary()
            : subsidiary);
        for (ServerOffer offer : offers) {
          java.math.BigDecimal fee = setup.getOrDefault(offer.planCode(), java.math.BigDecimal.ZERO);
          out.printf("%-14s %-10s %4d GB  %10s %s/month + %s setup  %s%n", offer.planCode(), offer.family(),
              offer.memoryGb(), offer.monthlyPrice().toPlainString(), offer.currency().getCurrencyCode(),
              fee.toPlainString(), offer.description() == null ? "" : offer.description());
        }
        if (!offers.isEmpty()) {
          out.println("setup fees and datacenters: uncloud ovh catalog --plan CODE");
        }
        out.println(offers.size() + " plan(s)");
        return 0;
      }
    }
  }

  /** {@code uncloud ovh order}: prepare and, with {@code --yes}, check out in one go. */
  @Command(name = "order", mixinStandardHelpOptions = true,
      description = {"Order a server: prepare it up to OVH's priced dry run and print the price; with --yes,",
          "also check it out (buy it). Without --yes nothing is bought."})
  static final class Order implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    ServerOptions server;

    @Option(names = "--yes", description = "Buy it after the dry run (this spends money).")
    boolean yes;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        PrintWriter out = spec.commandLine().getOut();
        ServerOrder order = ovh.prepare(server.request(ovh));
        out.println("prepared " + describe(order));
        if (!yes) {
          out.println("dry run only; buy it with: uncloud ovh checkout --config FILE --order " + order.id() + " --yes");
          return 0;
        }
        out.println("checked out " + describe(config.checkout(ovh, order.id())));
        return 0;
      }
    }
  }

  /** {@code uncloud ovh prepare}. */
  @Command(name = "prepare", mixinStandardHelpOptions = true,
      description = "Prepare an order up to OVH's priced dry run; nothing is bought.")
  static final class Prepare implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        ServerOrder order = ovh.prepare(server.request(ovh));
        PrintWriter out = spec.commandLine().getOut();
        out.println("prepared " + describe(order));
        out.println("buy it with: uncloud ovh checkout --config FILE --order " + order.id() + " --yes");
        return 0;
      }
    }
  }

  /** {@code uncloud ovh reconfigure}. */
  @Command(name = "reconfigure", mixinStandardHelpOptions = true,
      description = {"Change the datacenter, system or region of a prepared order (for instance after OVH refused",
          "its checkout) and price it again; nothing is bought."})
  static final class Reconfigure implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--order", required = true, paramLabel = "ID", description = "The id `prepare` printed.")
    String orderId;

    @Mixin
    ConfigurationOptions changes;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        ServerOrder order = ovh.reconfigure(orderId, changes.datacenter, changes.operatingSystem, changes.region);
        PrintWriter out = spec.commandLine().getOut();
        out.println("reconfigured " + describe(order));
        out.println("buy it with: uncloud ovh checkout --config FILE --order " + order.id() + " --yes");
        return 0;
      }
    }
  }

  /** {@code uncloud ovh checkout}. */
  @Command(name = "checkout", mixinStandardHelpOptions = true,
      description = {"Buy a prepared order. Never sent twice: an order whose checkout outcome is unknown is "
          + "settled from OVH's cart, not sent again."})
  static final class Checkout implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--order", required = true, paramLabel = "ID", description = "The id `prepare` printed.")
    String order;

    @Option(names = "--yes", description = "Confirm the purchase (required: this spends money).")
    boolean yes;

    @Override
    public Integer call() {
      if (!yes) {
        throw new UncloudCommand.CommandFailure("checkout buys the server and costs money; add --yes to confirm");
      }
      try (OvhServerOrdering ovh = config.open()) {
        spec.commandLine().getOut().println("checked out " + describe(config.checkout(ovh, order)));
        return 0;
      }
    }
  }

  /** {@code uncloud ovh orders}. */
  @Command(name = "orders", mixinStandardHelpOptions = true, description = "List orders, newest first.")
  static final class Orders implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        List<ServerOrder> orders = ovh.orders();
        orders.forEach(o -> spec.commandLine().getOut().println(describe(o)));
        spec.commandLine().getOut().println(orders.size() + " order(s)");
        return 0;
      }
    }
  }

  /** {@code uncloud ovh show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one order's journal record: every step, cart and OVH ids.")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--order", required = true, paramLabel = "ID", description = "The order id.")
    String order;

    @Override
    public Integer call() {
      try (OvhServerOrdering ovh = config.open()) {
        OvhOrderRecord r = ovh.inspect(order);
        PrintWriter out = spec.commandLine().getOut();
        out.println("order     " + r.id() + " (" + r.state() + ")");
        out.println("plan      " + r.request().planCode() + " in " + r.request().datacenter() + ", "
            + r.request().operatingSystem() + (r.request().region() == null ? "" : ", region " + r.request().region())
            + ", subsidiary " + r.subsidiary());
        out.println("price     " + (r.priceWithTax() == null ? "(not priced yet)" : r.priceWithTax().toPlainString()
            + " " + r.currency() + " with tax, " + r.priceWithoutTax().toPlainString() + " without"));
        out.println("cart      " + (r.cartId() == null ? "-" : r.cartId()) + (r.itemId() == null ? "" : ", item "
            + r.itemId()));
        out.println("ovh order " + (r.ovhOrderId() == null ? "-" : r.ovhOrderId() + " " + r.orderUrl()));
        for (OvhOrderRecord.Step step : r.steps()) {
          out.println("  " + step.at() + "  " + step.name() + (step.detail() == null ? "" : "  " + step.detail()));
        }
        return 0;
      }
    }
  }
}
