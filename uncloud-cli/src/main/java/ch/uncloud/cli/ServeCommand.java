package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewayMetrics;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.gateway.ManagementServer;
import ch.uncloud.gateway.ManagementSettings;
import ch.uncloud.mail.MailNotices;
import ch.uncloud.spi.ProviderConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud serve}: runs the REST gateway until Ctrl-C or SIGTERM, then stops Jetty (requests
 * in flight finish) and closes the credit service and its providers.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the lab REST gateway.", "",
        "  uncloud serve --demo                 try it out (SQLite under ./uncloud-data, embedded LDAP)",
        "  uncloud serve --config uncloud.properties   production"})
final class ServeCommand implements Callable<Integer> {
  @Mixin
  TargetOptions target;

  /** Where the metrics are published, once started; {@code null} when they are off. */
  private ManagementServer metricsServer;

  @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one "
      + "(default: uncloud.gateway.port, else 8080).")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on "
      + "(default: uncloud.gateway.bind, else 127.0.0.1).")
  String bind;

  // Main reads it before anything logs (Logback configures itself once); declared here so that it is
  // documented in --help and a bad value is refused like any other option
  @Option(names = LogFormat.OPTION, paramLabel = "text|json", description = "The log's format on stderr: text "
      + "lines or one JSON object per line (default: UNCLOUD_LOG_FORMAT, else uncloud.log.format, else text).")
  LogFormat logFormat;

  @Spec
  CommandSpec spec;

  private static final String MAIL_OFF = "off (set uncloud.mail.host to send low-balance, lock and bill notices)";
  /** What the banner says about e-mail notices (production only; the demo has its own line). */
  private String mailBanner = MAIL_OFF;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (port != null && (port < 0 || port > 65535)) {
      throw new UncloudCommand.CommandFailure("--port must be 0..65535, not " + port);
    }
    PrintWriter err = spec.commandLine().getErr();
    GatewaySettings settings;
    Backend backend;
    ManagementSettings management;
    GatewayMetrics metrics;
    if (target.demo) {
      settings = GatewaySettings.defaults();
      settings = port != null ? settings.withPort(port) : settings;
      settings = bind != null ? settings.withBind(bind) : settings;
      if (settings.exposed()) {
        err.println("uncloud: WARNING: the demo listens on " + settings.bind()
            + ", not only on this machine, and its admin passwords are published in the README");
      }
      // the demo publishes its metrics on loopback; with --port 0 (tests) on any free port too
      management = ManagementSettings.onLoopback(settings.port() == 0 ? 0 : ManagementSettings.off().port());
      metrics = new GatewayMetrics();
      backend = openClosingMetrics(metrics, () -> target.open(metrics.registry()));
    } else {
      ProviderConfig config = withOptions(target.configuration());
      management = ManagementSettings.problems(config).isEmpty() ? ManagementSettings.from(config)
          : ManagementSettings.off();
      metrics = management.enabled() ? new GatewayMetrics() : null;
      backend = openClosingMetrics(metrics,
          () -> target.open(config, ownProblems(config), metrics == null ? null : metrics.registry()));
      boolean exposed = !GatewaySettings.isLoopback(config.get(GatewaySettings.PREFIX + "bind", "127.0.0.1"));
      mailBanner = MailNotices.describe(config).orElse(MAIL_OFF);
      settings = GatewaySettings.from(config);
      if (!exposed) {
        PlainSecrets.warnings(config).forEach(warning -> err.println("uncloud: " + warning));
      } else if (!settings.https()) {
        err.println("uncloud: WARNING: plain HTTP on " + settings.bind() + " (uncloud.gateway.allow-plain-http=true): "
            + "passwords cross the network in clear unless a TLS proxy on a trusted network is in front");
      }
    }
    err.flush();
    if (backend.demo()) {
      // the card page confirms with the test server's stand-in for Stripe.js, offering Stripe's test cards
      settings = settings.withPages(settings.pages().withStripeJs(
          java.net.URI.create(backend.stripe().baseUrl() + "/v3/")));
    }
    Gateway gateway;
    ManagementServer managementServer = null;
    try {
      gateway = Gateway.start(backend.uncloud(), settings, java.time.Clock.systemUTC(), metrics);
      try {
        managementServer = metrics == null ? null : ManagementServer.start(management, metrics);
      } catch (RuntimeException e) {
        gateway.close();
        throw e;
      }
    } catch (RuntimeException e) {
      backend.close();
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
    this.metricsServer = managementServer;
    backend.sendStripeWebhooksTo(gateway.uri());
    // the demo reconciles at start itself; production repairs flags at start and then periodically
    AutoCloseable reconciler = backend.demo() ? () -> { } : backend.uncloud().startLockReconciler();
    AutoCloseable quotaSchedule = startQuotaSchedule(backend, err);
    AutoCloseable events = startEvents(backend, err);
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    List<AutoCloseable> background = new ArrayList<>(List.of(reconciler, quotaSchedule, events));
    if (managementServer != null) {
      background.add(managementServer);
      background.add(metrics);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(gateway, background,
        backend, stopped),
        "uncloud-shutdown"));
    printBanner(out, gateway, backend);
    stopped.await(); // returns only if the hook ran; the JVM is exiting then anyway
    return 0;
  }

  /** Opens the backend; closes the metrics' registry if that fails. */
  private static Backend openClosingMetrics(GatewayMetrics metrics, java.util.function.Supplier<Backend> open) {
    try {
      return open.get();
    } catch (RuntimeException e) {
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
  }

  /**
   * Everything {@code uncloud serve --config} refuses to start with, without connecting to anything:
   * its own keys (the gateway's, the management listener's, the log format, plain secrets on an exposed
   * gateway), the production rules, the core's and every selected provider's keys.
   *
   * @param config the configuration
   * @return every problem; empty if it would start
   */
  static List<String> configurationProblems(ProviderConfig config) {
    return TargetOptions.problems(config, ownProblems(config));
  }

  private static List<String> ownProblems(ProviderConfig config) {
    List<String> problems = new ArrayList<>(GatewaySettings.problems(config));
    problems.addAll(ManagementSettings.problems(config));
    String logFormat = LogFormat.problem(config.get(LogFormat.KEY).orElse(null));
    if (logFormat != null) {
      problems.add(logFormat);
    }
    if (!GatewaySettings.isLoopback(config.get(GatewaySettings.PREFIX + "bind", "127.0.0.1"))) {
      problems.addAll(PlainSecrets.problems(config));
    }
    return problems;
  }

  /** The --port and --bind options as overrides that win over the file and the environment. */
  private ProviderConfig withOptions(ProviderConfig config) {
    if (port == null && bind == null) {
      return config;
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    if (port != null) {
      environment.put(ProviderConfig.environmentName(GatewaySettings.PREFIX + "port"), Integer.toString(port));
    }
    if (bind != null) {
      environment.put(ProviderConfig.environmentName(GatewaySettings.PREFIX + "bind"), bind);
    }
    return config.withEnvironment(environment);
  }

  /** Runs the quota grants for the current period on {@code uncloud.quota.schedule}, if it is set. */
  private static AutoCloseable startQuotaSchedule(Backend backend, PrintWriter err) {
    return backend.uncloud().quotaSchedule().map(schedule -> {
      err.println("uncloud: quota grants run every " + schedule.interval() + " as uncloud-schedule");
      return schedule.start();
    }).orElse(() -> { });
  }

  /** Delivers the events to the subscribed sinks (uncloud.events.webhooks, ...), if any. */
  private static AutoCloseable startEvents(Backend backend, PrintWriter err) {
    return backend.uncloud().eventDispatcher().map(dispatcher -> {
      err.println("uncloud: events go to " + dispatcher.sinks().stream().map(ch.uncloud.api.events.EventSink::name)
          .toList() + " as uncloud-events");
      return (AutoCloseable) dispatcher.start();
    }).orElse(() -> { });
  }

  private static void stop(Gateway gateway, List<AutoCloseable> background, Backend backend, CountDownLatch stopped) {
    System.err.println("uncloud: stopping (requests in flight may finish)...");
    List<AutoCloseable> parts = new ArrayList<>(List.of(gateway));
    parts.addAll(background);
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("uncloud: " + e.getMessage());
      }
    }
    try {
      backend.close();
    } finally {
      System.err.println("uncloud: stopped cleanly");
      System.err.flush();
      stopped.countDown();
    }
  }

  private void printBanner(PrintWriter out, Gateway gateway, Backend backend) {
    String url = gateway.uri().toString();
    out.println("uncloud is listening on " + listening(gateway.uri().getScheme(), gateway.address(), gateway.uri()));
    out.println("  ledger:    " + backend.ledgerDescription());
    out.println("  health:    " + url + "/health/live, " + url + "/health/ready (ledger and directory answer)");
    out.println("  metrics:   " + (metricsServer != null ? metricsServer.metricsUri() + " (Prometheus text, this machine only)"
        : "off (set uncloud.gateway.metrics.enabled=true to serve /metrics on 127.0.0.1:"
            + ManagementSettings.off().port() + ")"));
    if (backend.demo()) {
      CreditService credit = backend.uncloud().credit();
      out.println("  directory: " + backend.ldap().url() + " (embedded LDAP, demo users, base "
          + backend.ldap().baseDn() + ")");
      out.println("  mail:      off in the demo (no SMTP server; with --config, uncloud.mail.host turns on e-mail notices)");
      out.println();
      out.println("DEMO MODE - the passwords below are public; never use them for real money.");
      out.println("  admins:  raplab / verygeheim      owns 3dprint, lasercutter (CHF, at most 500.00 a charge)");
      out.println("           vppadmin / vppgeheim    owns vpp-print");
      out.println("           bursar / bursargeheim   owns deposits (may deposit to any account)");
      out.println("  users:   " + user(credit, "nethzuser", "D-ARCH, year 3"));
      out.println("           " + user(credit, "erstsemester", "D-ARCH, year 1: not allowed on lasercutter"));
      out.println("           " + user(credit, "schuldner", "D-ARCH, year 4"));
      out.println();
      out.println("Web pages: open " + url + "/app/ in a browser.");
      out.println("  people log in there as nethzuser / nethzgeheim, erstsemester / erstgeheim or schuldner / schuldgeheim;");
      out.println("  admins at " + url + "/app/admin/login as raplab / verygeheim, vppadmin / vppgeheim or bursar / bursargeheim");
      out.println("  (cards: choose one of Stripe's test cards; nothing real is charged).");
      out.println();
      out.println("Try it (charge 1.50 CHF to nethzuser for 3dprint, then read the balance):");
      out.println("  curl -s -X POST " + url + "/charge -d admin_username=raplab -d admin_password=verygeheim"
          + " -d service_name=3dprint -d username=nethzuser -d amount=1.50 -d currency=CHF"
          + " --data-urlencode 'payment_comment=demo print job'");
      out.println("  curl -s -u raplab:verygeheim '" + url + "/balance?username=nethzuser&get_amount_available=1'");
      out.println();
      out.println("The shop (users log in with HTTP Basic: nethzuser / nethzgeheim, erstsemester / erstgeheim,");
      out.println("schuldner / schuldgeheim; orders and bills are kept in the ledger's file): order a membership, then list it:");
      out.println("  curl -s -u nethzuser:nethzgeheim -X POST " + url + "/api/v1/orders -d product=membership");
      out.println("  curl -s -u nethzuser:nethzgeheim " + url + "/api/v1/orders");
      out.println();
      out.println("VMs (after the membership): order one, list your VMs, then snapshot one with the vm_id the list shows");
      out.println("(snapshots are billed by the GB-second; the idempotency key makes a retry safe):");
      out.println("  curl -s -u nethzuser:nethzgeheim -X POST " + url + "/api/v1/orders -d product=ipv6-vm"
          + " -d param.cores=1 -d param.ram_gb=1 -d param.os_disk_gb=10 -d param.os=debian-12");
      out.println("  curl -s -u nethzuser:nethzgeheim " + url + "/api/v1/vms");
      out.println("  curl -s -u nethzuser:nethzgeheim -X POST " + url + "/api/v1/vms/VM_ID/snapshots -d name=first"
          + " -d idempotency_key=first-snapshot");
      printCardFlows(out, url, backend.stripe().baseUrl());
    } else {
      out.println("  directory: " + backend.uncloud().directory());
      out.println("  mail:      " + mailBanner);
      out.println("  shop:      " + (Gateway.servesShop(backend.uncloud()) ? url + "/api/v1/ ("
          + backend.uncloud().catalog().products().size() + " products)" : "off (set uncloud.shop-store=jdbc to sell)"));
      for (ch.uncloud.api.credit.ServiceDefinition service : backend.uncloud().credit().services()) {
        out.println("  service:   " + service.name() + " (owners " + String.join(", ", new java.util.TreeSet<>(
            service.owners())) + (service.ownerGroups().isEmpty() ? "" : "; groups " + String.join(", ",
            new java.util.TreeSet<>(service.ownerGroups()))) + ", at most " + service.maxAmount().toPlainString()
            + " " + backend.uncloud().credit().currency().getCurrencyCode() + " a booking)");
      }
    }
    out.println();
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  private static void printCardFlows(PrintWriter out, String url, String stripe) {
    String me = "  curl -s -u nethzuser:nethzgeheim ";
    out.println();
    out.println("Cards (an in-process Stripe test server at " + stripe + "; card data never reaches uncloud;");
    out.println("its events come to " + url + "/stripe/webhook, signed with a secret generated for this run).");
    out.println("Start a registration, confirm it as Stripe.js would with the test card pm_card_visa, complete it:");
    out.println(me + "-X POST " + url + "/api/v1/cards -H 'Idempotency-Key: card-1'");
    out.println("  curl -s -u " + Demo.STRIPE_KEY + ": -X POST " + stripe
        + "/v1/setup_intents/SETUP_ID/confirm -d payment_method=pm_card_visa");
    out.println(me + "-X POST " + url + "/api/v1/cards/SETUP_ID/complete");
    out.println(me + url + "/api/v1/cards");
    out.println("Your balance and statement (JSON, or all of it as CSV), a top-up by card, paying a month's bill by card:");
    out.println(me + url + "/api/v1/me");
    out.println(me + url + "/api/v1/me/entries");
    out.println(me + "-H 'Accept: text/csv' " + url + "/api/v1/me/entries");
    out.println(me + "-X POST " + url + "/api/v1/topups -H 'Idempotency-Key: topup-1' -d amount=20.00");
    out.println(me + "-X POST " + url + "/api/v1/bills/YYYY-MM/pay");
  }

  /**
   * @param scheme http or https
   * @param bound the address really bound
   * @param here the URL to use on this machine
   * @return e.g. {@code http://127.0.0.1:8080}, or {@code http://0.0.0.0:8080 (every interface; here:
   *     http://127.0.0.1:8080)}
   */
  static String listening(String scheme, InetSocketAddress bound, java.net.URI here) {
    String host = bound.getAddress().getHostAddress();
    String shown = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
    return bound.getAddress().isAnyLocalAddress() ? shown + " (every interface; here: " + here + ")" : shown;
  }

  private static String user(CreditService credit, String name, String about) {
    Account status = credit.status(Username.of(name));
    return String.format("%-13s %s CHF%s  (%s)", name, status.balance().toPlainString(),
        status.locked() ? ", locked" : "", about);
  }
}
