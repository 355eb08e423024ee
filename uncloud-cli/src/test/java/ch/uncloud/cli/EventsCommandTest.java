package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.core.EventDispatcher;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("uncloud events parked and resend, on a webhook that failed for its whole retry period")
class EventsCommandTest {
  private static final String PASSWORD = "a real admin secret";

  @TempDir
  Path dir;

  private EmbeddedLdapServer ldap;
  private HttpServer receiver;
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final AtomicInteger delivered = new AtomicInteger();
  private Path config;

  @BeforeEach
  void configure() throws Exception {
    ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      if (!failing.get()) {
        delivered.incrementAndGet();
      }
      exchange.sendResponseHeaders(failing.get() ? 503 : 200, -1);
      exchange.close();
    });
    receiver.start();
    config = dir.resolve("uncloud.properties");
    Files.write(config, List.of(
        "uncloud.admins=labadmin",
        "uncloud.admin.labadmin.password-hash=" + PasswordHash.create(Secret.of(PASSWORD), 1_000).encoded(),
        "uncloud.services=deposits",
        "uncloud.service.deposits.owners=labadmin",
        "uncloud.service.deposits.max-charge=100.00",
        "uncloud.jdbc.url=jdbc:sqlite:" + dir.resolve("events.db"),
        "uncloud.ldap.urls=" + ldap.url(),
        "uncloud.ldap.tls=none",
        "uncloud.ldap.bind-dn=" + ldap.bindDn(),
        "uncloud.ldap.bind-password=plain:" + ldap.bindPassword(),
        "uncloud.ldap.user-base=ou=people," + ldap.baseDn(),
        "uncloud.events.webhooks=print-server",
        "uncloud.events.webhook.print-server.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
        "uncloud.events.webhook.print-server.types=entry.booked",
        "uncloud.events.webhook.print-server.secret=plain:whsec_a_long_random_secret",
        "uncloud.events.retry-for=PT0.3S",
        "uncloud.events.first-retry=PT0.05S"));
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    ldap.close();
  }

  private Run events(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("events"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config.toString()));
    return run("", all.toArray(String[]::new));
  }

  /** Books a deposit and runs the dispatcher until its event is parked (or delivered, when the receiver works). */
  private void dispatch(boolean book) throws Exception {
    try (UncloudCore core = UncloudCore.fromConfig(ProviderConfig.load(config))) {
      if (book) {
        core.credit().deposit(core.credit().authenticate("labadmin", Secret.of(PASSWORD)),
            DepositRequest.of("nethzuser", "5.00", "CHF", "cash"));
      }
      EventDispatcher dispatcher = core.eventDispatcher().orElseThrow();
      for (int i = 0; i < 40 && (failing.get() ? core.events().parked().isEmpty() : delivered.get() == 0); i++) {
        dispatcher.runOnce();
        Thread.sleep(50);
      }
      dispatcher.close();
    }
  }

  @Test
  @DisplayName("a parked event is listed (exit 1), sent again by sink and id, then delivered, and the list is empty (exit 0)")
  void parkedListedAndResent() throws Exception {
    dispatch(true);

    Run parked = events("parked");
    assertThat(parked.status()).as(parked.err()).isEqualTo(1);
    assertThat(parked.out()).contains("entry.booked  'nethzuser'  for 'print-server'  ").contains(": 'HTTP 503'");
    String eventId = parked.out().substring(0, parked.out().indexOf(' '));
    Run unknown = events("resend", "other-hook", eventId);
    assertThat(unknown.status()).isNotZero();
    assertThat(unknown.err()).contains("no event " + eventId + " is parked for that sink");

    Run resent = events("resend", "print-server", eventId);
    assertThat(resent.status()).as(resent.err()).isZero();
    assertThat(resent.out()).isEqualTo("sent again: " + eventId + " (entry.booked of 'nethzuser') to 'print-server'"
        + System.lineSeparator());
    failing.set(false);
    dispatch(false);

    assertThat(delivered.get()).isEqualTo(1);
    Run none = events("parked");
    assertThat(none.status()).as(none.err()).isZero();
    assertThat(none.out()).contains("no parked events");
  }
}
