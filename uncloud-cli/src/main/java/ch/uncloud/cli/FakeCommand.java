package ch.uncloud.cli;

import ch.uncloud.testkit.ldap.EmbeddedLdapServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code uncloud fake ...}: fake servers for trying uncloud out against real protocols. */
@Command(name = "fake", mixinStandardHelpOptions = true, description = "Run a fake server for tests and demos.",
    subcommands = FakeCommand.Ldap.class)
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
          + server.baseDn() + "  uncloud.ldap.tls=none  uncloud.ldap.allow-plain=true");
      out.println("Stop with Ctrl-C.");
      out.flush();
      stopped.await();
      return 0;
    }
  }
}
