package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.gateway.SettlementCsv;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The uncloud command line")
class CommandLineTest {
  @TempDir
  Path dir;

  /** What one run printed and returned. */
  record Run(int status, String out, String err) {}

  static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = UncloudCommand.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Nested
  @DisplayName("help and errors")
  class HelpAndErrors {
    @Test
    @DisplayName("--help lists every command, and every command has its own --help")
    void help() {
      Run top = run("", "--help");

      assertThat(top.status()).isZero();
      assertThat(top.out()).contains("serve", "charge", "hold", "capture", "release", "balance", "deposit", "reverse", "settle", "reconcile-locks",
          "check", "payments", "hash-password", "fake", "ovh");
      for (String command : new String[] {"serve", "charge", "hold", "capture", "release", "balance", "deposit", "reverse", "settle",
          "reconcile-locks", "check", "payments", "hash-password", "fake", "ovh"}) {
        Run help = run("", command, "--help");
        assertThat(help.status()).as(command).isZero();
        assertThat(help.out()).as(command).startsWith("Usage: uncloud " + command);
      }
      assertThat(run("", "fake", "ldap", "--help").out()).contains("--port", "--ldif");
      assertThat(run("", "fake", "stripe", "--help").out()).contains("--port", "--webhook");
      assertThat(run("", "fake", "ovh", "--help").out()).contains("--port", "--app-key", "--consumer-key");
    }

    @Test
    @DisplayName("a bad option prints one line and a hint, and exits 2")
    void badOption() {
      Run r = run("", "serve", "--demo", "--prot", "8080");

      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err().lines().toList()).hasSize(2);
      assertThat(r.err()).startsWith("uncloud: Unknown options: '--prot', '8080'").contains("Try 'uncloud serve --help'.");
    }

    @Test
    @DisplayName("serve without --demo or --config says what to give, in one line without a stack trace, and exits 1")
    void serveNeedsTarget() {
      Run r = run("", "serve");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().trim()).isEqualTo("uncloud: say what to run against: --demo (try it out) or --config FILE "
          + "(production)");
    }

    @Test
    @DisplayName("a failure shows a stack trace only with --verbose")
    void verbose() {
      Run quiet = run("", "balance", "--config", dir.resolve("missing.properties").toString(), "--user", "x");
      Run loud = run("", "balance", "--config", dir.resolve("missing.properties").toString(), "--user", "x",
          "--verbose");

      assertThat(quiet.status()).isEqualTo(1);
      assertThat(quiet.err()).startsWith("uncloud: cannot read configuration file").doesNotContain("\tat ");
      assertThat(quiet.err().lines().count()).isEqualTo(1);
      assertThat(loud.err()).contains("\tat ");
    }

    @Test
    @DisplayName("bench says the harness is not available yet")
    void bench() {
      Run r = run("", "bench");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("uncloud-bench");
    }
  }

  @Nested
  @DisplayName("hash-password")
  class HashPassword {
    @Test
    @DisplayName("reads the password from standard input and prints a hash that matches it")
    void hashes() {
      Run r = run("a long enough secret\n", "hash-password");

      assertThat(r.status()).isZero();
      assertThat(PasswordHash.parse(r.out().trim()).matches(Secret.of("a long enough secret"))).isTrue();
      assertThat(r.out()).doesNotContain("a long enough secret");
    }

    @Test
    @DisplayName("refuses a short password and an empty input")
    void refuses() {
      assertThat(run("short\n", "hash-password").err()).contains("fewer than 12 characters");
      assertThat(run("", "hash-password").err()).contains("no password on standard input");
    }
  }

  @Nested
  @DisplayName("admin commands on the demo data")
  class AdminCommandsOnDemo {
    @Test
    @DisplayName("charge, balance, reverse, deposit, settle and reconcile-locks work with the password from standard input")
    void adminCommands() throws IOException {
      String data = dir.resolve("data").toString();

      Run charged = run("verygeheim\n", "charge", "--demo", "--data", data, "--admin", "raplab", "--service", "3dprint",
          "--user", "nethzuser", "--amount", "1.50", "--comment", "PLA print", "--idempotency-key", "cli-1");
      Run balance = run("", "balance", "--demo", "--data", data, "--user", "nethzuser");
      Matcher id = Pattern.compile("charge_id (\\S+);").matcher(charged.out());
      assertThat(id.find()).as(charged.out() + charged.err()).isTrue();
      Run reversed = run("verygeheim\n", "reverse", "--demo", "--data", data, "--admin", "raplab", "--charge-id",
          id.group(1), "--reason", "failed print");
      Run deposited = run("bursargeheim\n", "deposit", "--demo", "--data", data, "--admin", "bursar", "--user",
          "schuldner", "--amount", "5.00", "--comment", "cash at the desk");
      Path csv = dir.resolve("3dprint.csv");
      Run settled = run("verygeheim\n", "settle", "--demo", "--data", data, "--admin", "raplab", "--service",
          "3dprint", "--output", csv.toString());
      Run reconciled = run("", "reconcile-locks", "--demo", "--data", data);

      assertThat(charged.status()).isZero();
      assertThat(charged.out()).startsWith("charged 1.50 CHF for nethzuser (service 3dprint)").contains("18.50 CHF");
      assertThat(balance.out().trim()).isEqualTo("nethzuser: 18.50 CHF available, not locked");
      assertThat(reversed.out()).contains("reverses " + id.group(1)).contains("balance now 20.00 CHF");
      assertThat(deposited.out()).contains("balance now 0.00 CHF").doesNotContain("locked");
      assertThat(settled.status()).isZero();
      assertThat(Files.readAllLines(csv)).first().isEqualTo(SettlementCsv.HEADER);
      assertThat(Files.readString(csv)).contains(",net,,,0.00,CHF,");
      assertThat(reconciled.out()).startsWith("checked ");
      assertThat(reconciled.status()).isZero();
    }

    @Test
    @DisplayName("hold, capture and release reserve credit, book a held job once and end a hold unbooked")
    void holds() {
      String data = dir.resolve("data").toString();

      Run held = run("verygeheim\n", "hold", "--demo", "--data", data, "--admin", "raplab", "--service", "3dprint",
          "--user", "nethzuser", "--amount", "8.00", "--comment", "laser job", "--expires-in", "PT2H");
      Matcher id = Pattern.compile("hold_id (\\S+),").matcher(held.out());
      assertThat(id.find()).as(held.out() + held.err()).isTrue();
      Run balance = run("", "balance", "--demo", "--data", data, "--user", "nethzuser");
      Run captured = run("verygeheim\n", "capture", "--demo", "--data", data, "--admin", "raplab", "--hold-id",
          id.group(1), "--amount", "6.50");
      Run second = run("verygeheim\n", "hold", "--demo", "--data", data, "--admin", "raplab", "--service", "3dprint",
          "--user", "nethzuser", "--amount", "1.00", "--comment", "another job");
      Matcher secondId = Pattern.compile("hold_id (\\S+),").matcher(second.out());
      assertThat(secondId.find()).isTrue();
      Run released = run("verygeheim\n", "release", "--demo", "--data", data, "--admin", "raplab", "--hold-id",
          secondId.group(1));

      assertThat(held.out()).startsWith("held 8.00 CHF of nethzuser (service 3dprint): hold_id ");
      assertThat(balance.out().lines()).containsExactly("nethzuser: 12.00 CHF available, not locked",
          "  balance 20.00 CHF, held 8.00 CHF by 1 open hold(s):",
          "  hold_id " + id.group(1) + ": 8.00 CHF, 3dprint, 'laser job', expires "
              + held.out().substring(held.out().indexOf("expires ") + 8).trim());
      assertThat(captured.out()).startsWith("charged 6.50 CHF for nethzuser (service 3dprint)")
          .contains("balance now 13.50 CHF");
      assertThat(released.out().trim()).isEqualTo("hold " + secondId.group(1) + " of nethzuser: released");
      assertThat(run("", "balance", "--demo", "--data", data, "--user", "nethzuser").out().trim())
          .isEqualTo("nethzuser: 13.50 CHF available, not locked");
    }

    @Test
    @DisplayName("a wrong admin password is one line with the error code, exit 1")
    void wrongPassword() {
      Run r = run("wrong\n", "charge", "--demo", "--data", dir.resolve("data").toString(), "--admin", "raplab",
          "--service", "3dprint", "--user", "nethzuser", "--amount", "1.50", "--comment", "x");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().trim()).isEqualTo("uncloud: invalid user name or password [bad_credentials]");
    }
  }

  @Nested
  @DisplayName("--config (production)")
  class Production {
    private Path config(String... lines) throws IOException {
      Path file = dir.resolve("uncloud.properties");
      Files.write(file, java.util.List.of(lines));
      return file;
    }

    @Test
    @DisplayName("serve refuses a configuration without admins and says why")
    void noAdmin() throws IOException {
      Path file = config("uncloud.services=", "uncloud.jdbc.url=jdbc:sqlite:" + dir.resolve("l.db"));

      Run r = run("", "serve", "--config", file.toString(), "--port", "0");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("refusing to start").contains("no admin is configured");
    }

    @Test
    @DisplayName("serve refuses the demo passwords, given plainly or as a hash, without printing them")
    void demoPasswords() throws IOException {
      String hash = PasswordHash.create(Secret.of("vppgeheim"), 1_000).encoded();
      Path file = config("uncloud.admins=raplab, other", "uncloud.admin.raplab.password=plain:verygeheim",
          "uncloud.admin.other.password-hash=" + hash);

      Run r = run("", "serve", "--config", file.toString(), "--port", "0");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("admin raplab uses a demo password").contains("admin other uses a demo password")
          .doesNotContain("verygeheim").doesNotContain("vppgeheim");
    }

    @Test
    @DisplayName("serve reports every problem at once: the gateway's keys, the admins, the core's keys and each provider's")
    void everyProblemAtOnce() throws IOException {
      Path file = config("uncloud.admins=labadmin", "uncloud.admin.labadmin.password=env:LAB_PASSWORD",
          "uncloud.currency=Franken",
          "uncloud.services=3dprint", "uncloud.service.3dprint.owners=labadmin",
          "uncloud.service.3dprint.max-charge=lots",
          "uncloud.gateway.max-body-bytes=12",
          "uncloud.jdbc.url=mysql://db.example.org/uncloud",
          "uncloud.ldap.urls=ldap://127.0.0.1:1", "uncloud.ldap.tls=none", "uncloud.ldap.allow-plain=true");

      Run r = run("", "serve", "--config", file.toString(), "--port", "0");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("refusing to start with this configuration (6 problems)")
          .contains("uncloud.gateway.max-body-bytes")
          .contains("uncloud.admin.labadmin.password")
          .contains("uncloud.currency")
          .contains("lots")
          .contains("uncloud.jdbc.url")
          .contains("uncloud.ldap.user-base");
    }

    @Test
    @DisplayName("serve refuses plain HTTP and plain: secrets on an address other machines reach, naming each key")
    void exposedPlainHttpAndSecrets() throws IOException {
      String hash = PasswordHash.create(Secret.of("a real admin secret"), 1_000).encoded();
      Path file = config("uncloud.admins=labadmin", "uncloud.admin.labadmin.password-hash=" + hash,
          "uncloud.jdbc.url=jdbc:sqlite:" + dir.resolve("l.db"),
          "uncloud.ldap.urls=ldap://127.0.0.1:1", "uncloud.ldap.tls=none", "uncloud.ldap.allow-plain=true",
          "uncloud.ldap.bind-dn=cn=admin,dc=uncloud,dc=test", "uncloud.ldap.bind-password=plain:abc",
          "uncloud.ldap.user-base=ou=people,dc=uncloud,dc=test");

      Run r = run("", "serve", "--config", file.toString(), "--port", "0", "--bind", "0.0.0.0");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("(2 problems)")
          .contains("uncloud.gateway.bind is 0.0.0.0 but no uncloud.gateway.keystore is set")
          .contains("uncloud.ldap.bind-password holds a plain: secret")
          .doesNotContain("abc");
    }

    @Test
    @DisplayName("a short admin password given as a reference is refused; plain: secrets on loopback give a warning")
    void shortPasswordsAndPlainSecretWarnings() {
      ch.uncloud.spi.ProviderConfig config = ch.uncloud.spi.ProviderConfig.of(java.util.Map.of(
          "uncloud.admins", "labadmin", "uncloud.admin.labadmin.password", "plain:abc",
          "uncloud.ldap.bind-password", "plain:secret-value")).withEnvironment(java.util.Map.of());

      assertThat(ProductionCheck.problems(config)).singleElement().asString()
          .contains("uncloud.admin.labadmin.password is shorter than 12 characters").doesNotContain("abc");
      assertThat(PlainSecrets.warnings(config)).hasSize(2)
          .allSatisfy(w -> assertThat(w).startsWith("WARNING:").doesNotContain("secret-value"));
    }

    @Test
    @DisplayName("the banner shows the address really bound: 0.0.0.0 as every interface, not as 127.0.0.1")
    void bannerShowsBoundAddress() throws Exception {
      java.net.URI here = java.net.URI.create("http://127.0.0.1:8080");

      assertThat(ServeCommand.listening("http", new java.net.InetSocketAddress("0.0.0.0", 8080), here))
          .isEqualTo("http://0.0.0.0:8080 (every interface; here: http://127.0.0.1:8080)");
      assertThat(ServeCommand.listening("https", new java.net.InetSocketAddress("::1", 8443),
          java.net.URI.create("https://[::1]:8443"))).isEqualTo("https://[0:0:0:0:0:0:0:1]:8443");
    }

    @Test
    @DisplayName("admin commands discover the JDBC ledger and the LDAP directory from the configuration")
    void discoversProviders() throws IOException {
      try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
        String hash = PasswordHash.create(Secret.of("a real admin secret"), 1_000).encoded();
        Path file = config(
            "uncloud.currency=CHF",
            "uncloud.admins=labadmin",
            "uncloud.admin.labadmin.password-hash=" + hash,
            "uncloud.services=3dprint",
            "uncloud.service.3dprint.owners=labadmin",
            "uncloud.service.3dprint.max-charge=100.00",
            "uncloud.ldap.urls=" + ldap.url(),
            "uncloud.ldap.tls=none",
            "uncloud.ldap.allow-plain=true",
            "uncloud.ldap.bind-dn=" + ldap.bindDn(),
            "uncloud.ldap.bind-password=plain:" + ldap.bindPassword(),
            "uncloud.ldap.user-base=ou=people," + ldap.baseDn());
        String data = dir.resolve("prod-data").toString();

        Run charged = run("a real admin secret\n", "charge", "--config", file.toString(), "--data", data,
            "--admin", "labadmin", "--service", "3dprint", "--user", "erstsemester", "--amount", "25.00",
            "--comment", "large print");

        assertThat(charged.status()).as(charged.err()).isZero();
        assertThat(charged.out()).contains("balance now -25.00 CHF, locked");
        assertThat(Files.exists(Path.of(data, Demo.LEDGER_FILE))).isTrue();
        assertThat(ldap.entry("uid=erstsemester,ou=people," + ldap.baseDn()).orElseThrow()
            .getAttributeValue("vppLock")).isEqualTo("TRUE");
      }
    }
  }
}
