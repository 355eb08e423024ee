package ch.uncloud.cli;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.ovh.FakeOvhServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud fake ...}: fake servers for trying uncloud out against real protocols. */
@Command(name = "fake", mixinStandardHelpOptions = true, description = "Run a fake server for tests and demos.",
    subcommands = {FakeCommand.Ldap.class, FakeCommand.Stripe.class, FakeCommand.Ovh.class})
final class FakeCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a fake server, e.g. `uncloud fake ldap`");
  }

  /** {@code uncloud fake ldap}: an in-memory LDAP server with uncloud's schema, on loopback. */
  @Command(name = "ldap", mixinStandardHelpOptions = true,
      description = {"Run an in-memory LDAP server on 127.0.0.1 with the uncloudAccount schema (vppLock, studyYear).",
          "The service account's password comes from UNCLOUD_FAKE_LDAP_PASSWORD, else a test default (printed)."})
  static final class Ldap implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "10389", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--ldif", paramLabel = "FILE", description = "Seed data (default: the demo directory).")
    Path ldif;

    @Override
    public Integer call() throws InterruptedException {
      EmbeddedLdapServer.Builder builder = EmbeddedLdapServer.builder().port(port);
      if (ldif != null) {
        builder.ldif(ldif);
      } else {
        builder.ldifResource(Demo.LDIF);
      }
      String password = System.getenv("UNCLOUD_FAKE_LDAP_PASSWORD");
      if (password != null && !password.isEmpty()) {
        builder.bindPassword(password);
      }
      EmbeddedLdapServer server;
      try {
        server = builder.build().start();
      } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
        throw new UncloudCommand.CommandFailure(e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "fake-ldap-shutdown"));
      PrintWriter out = spec.commandLine().getOut();
      out.println("fake LDAP server listening on " + server.url() + ", base " + server.baseDn());
      out.println("  service account: " + server.bindDn() + (password == null || password.isEmpty()
          ? " / " + server.bindPassword() + " (test default)" : " (password from UNCLOUD_FAKE_LDAP_PASSWORD)"));
      out.println("  configure uncloud with: uncloud.ldap.urls=" + server.url() + "  uncloud.ldap.user-base=ou=people,"
          + server.baseDn() + "  uncloud.ldap.tls=none");
      out.println("Stop with Ctrl-C.");
      out.flush();
      stopped.await();
      return 0;
    }
  }

  /** Waits until the process is stopped, closing the server on the way out. */
  private static Integer serveUntilStopped(AutoCloseable server, PrintWriter out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("uncloud: " + e.getMessage());
      }
      stopped.countDown();
    }, "fake-server-shutdown"));
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  /** {@code uncloud fake stripe}: the Stripe test server (test-mode keys only) on loopback. */
  @Command(name = "stripe", mixinStandardHelpOptions = true,
      description = {"Run a fake of the Stripe API (customers, payment methods, setup and payment intents, "
          + "refunds) on 127.0.0.1.", "It accepts any test-mode secret key (sk_test_...)."})
  static final class Stripe implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "12111",
        description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--webhook", paramLabel = "URL", description = "Send signed webhook events to this URL.")
    URI webhook;

    @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "whsec_fake",
        description = "The events' signing secret (default: ${DEFAULT-VALUE}).")
    String webhookSecret;

    @Override
    public Integer call() throws InterruptedException {
      FakeStripeServer fake;
      try {
        fake = FakeStripeServer.start(port, Clock.systemUTC());
      } catch (RuntimeException e) {
        throw new UncloudCommand.CommandFailure("cannot start the fake Stripe API on port " + port + ": "
            + e.getMessage());
      }
      if (webhook != null) {
        fake.addWebhookEndpoint(webhook, webhookSecret);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("fake Stripe API listening on " + fake.baseUrl() + " (test-mode keys only: sk_test_... or rk_test_...)");
      if (webhook != null) {
        out.println("  webhook events go to " + webhook);
      }
      return serveUntilStopped(fake, out);
    }
  }

  /** {@code uncloud fake ovh}: the OVH test server, checking request signatures, on loopback. */
  @Command(name = "ovh", mixinStandardHelpOptions = true,
      description = {"Run a fake of the OVH API (catalog, cart, checkout of dedicated servers) on 127.0.0.1.",
          "It checks request signatures; credentials not given are generated and printed."})
  static final class Ovh implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
        description = "Port (default: a free one).")
    int port;

    @Option(names = "--app-key", paramLabel = "KEY", description = "Application key (default: generated).")
    String applicationKey;

    @Option(names = "--app-secret", paramLabel = "SECRET", description = "Application secret (default: generated).")
    String applicationSecret;

    @Option(names = "--consumer-key", paramLabel = "KEY", description = "Consumer key (default: generated).")
    String consumerKey;

    @Override
    public Integer call() throws InterruptedException {
      List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
      add(args, "--app-key", applicationKey);
      add(args, "--app-secret", applicationSecret);
      add(args, "--consumer-key", consumerKey);
      PrintWriter out = spec.commandLine().getOut();
      FakeOvhServer fake;
      try {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        fake = FakeOvhServer.start(args.toArray(String[]::new), new PrintStream(printed, true, StandardCharsets.UTF_8));
        out.print(printed.toString(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw new UncloudCommand.CommandFailure("cannot start the fake OVH API: " + e.getMessage());
      }
      return serveUntilStopped(fake, out);
    }

    private static void add(List<String> args, String option, String value) {
      if (value != null) {
        args.add(option);
        args.add(value);
      }
    }
  }
}
