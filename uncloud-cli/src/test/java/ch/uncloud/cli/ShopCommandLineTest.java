package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The shop commands: uncloud products, order and bill")
class ShopCommandLineTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("--help lists products, order and bill, and each has its own --help")
  void help() {
    assertThat(run("", "--help").out()).contains("products", "order", "bill");
    assertThat(run("", "products", "--help").out()).startsWith("Usage: uncloud products").contains("--demo", "--config");
    assertThat(run("", "order", "--help").out()).startsWith("Usage: uncloud order")
        .contains("--user", "--product", "--param", "--pay", "--key");
    assertThat(run("", "bill", "--help").out()).startsWith("Usage: uncloud bill").contains("--month", "--user", "--run");
  }

  @Nested
  @DisplayName("on the demo")
  class OnTheDemo {
    @Test
    @DisplayName("products lists every product with its price, parameters and rules")
    void products() {
      Run r = run("", "products", "--demo", "--data", dir.resolve("data").toString());

      assertThat(r.status()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0)).startsWith("CODE").contains("NAME", "PRICE (CHF)");
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("membership").contains("Membership", "monthly 5.00 CHF"));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ipv6-vm").contains(
          "monthly 3.00 CHF per core + 1.50 per GB RAM + 0.05 per GB disk"));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("django-hosting").contains("one-time 35.00 CHF + monthly"));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ipv6-vpn").contains(
          "monthly 4.00 CHF (free while django-hosting or ipv6-vm is active)"));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("vm-snapshot").contains("0.00000014 CHF per GB-second"));
      assertThat(r.out()).contains("parameters: cores 1-16, ram_gb 1-64, os_disk_gb 10-500, os debian-12|ubuntu-24.04")
          .contains("needs a membership").contains("at most 1 per account").contains("not ordered directly");
    }

    @Test
    @DisplayName("order refuses a VM without membership and bad parameters in one line with the error code, exit 1")
    void orderErrors() {
      String data = dir.resolve("data").toString();

      Run noMembership = run("", "order", "--demo", "--data", data, "--user", "nethzuser", "--product", "ipv6-vm",
          "--param", "cores=2", "--param", "ram_gb=4", "--param", "os_disk_gb=20", "--param", "os=debian-12");
      Run badParameter = run("", "order", "--demo", "--data", data, "--user", "nethzuser", "--product", "membership",
          "--param", "cores=2");
      Run unknownProduct = run("", "order", "--demo", "--data", data, "--user", "nethzuser", "--product", "gold");
      Run badPayment = run("", "order", "--demo", "--data", data, "--user", "nethzuser", "--product", "membership",
          "--pay", "bitcoin");

      assertThat(noMembership.status()).isEqualTo(1);
      assertThat(noMembership.err().trim()).isEqualTo(
          "uncloud: ipv6-vm needs an active membership; order 'membership' first [order_not_allowed]");
      assertThat(badParameter.status()).isEqualTo(1);
      assertThat(badParameter.err().trim()).startsWith("uncloud: ").endsWith("[invalid_argument]").doesNotContain("\n");
      assertThat(unknownProduct.err().trim()).startsWith("uncloud: no product 'gold'").endsWith("[unknown_product]");
      assertThat(badPayment.status()).isEqualTo(2);
      assertThat(badPayment.err()).contains("--pay").contains("bitcoin");
    }

    @Test
    @DisplayName("order places a membership and prints its id and prices")
    void orderMembership() {
      Run r = run("", "order", "--demo", "--data", dir.resolve("data").toString(), "--user", "nethzuser", "--product",
          "membership", "--pay", "invoice");

      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("ordered membership for nethzuser: order_id ")
          .contains("one-time 0.00 CHF, monthly 5.00 CHF, paid by invoice");
    }

    @Test
    @DisplayName("orders are kept in the demo's SQLite file: a VM after a membership ordered by an earlier command, then the bill preview")
    void ordersPersistAcrossCommands() {
      String data = dir.resolve("data").toString();
      String month = YearMonth.now(ZoneId.of("Europe/Zurich")).toString();

      Run membership = run("", "order", "--demo", "--data", data, "--user", "erstsemester", "--product", "membership");
      Run vm = run("", "order", "--demo", "--data", data, "--user", "erstsemester", "--product", "django-hosting",
          "--param", "cores=1", "--param", "ram_gb=2", "--param", "os_disk_gb=10", "--param", "os=ubuntu-24.04");
      Run preview = run("", "bill", "--demo", "--data", data, "--month", month, "--user", "erstsemester");

      assertThat(membership.status()).as(membership.err()).isZero();
      assertThat(vm.status()).as(vm.err()).isZero();
      assertThat(vm.out()).contains("one-time 35.00 CHF, monthly 6.50 CHF"); // 3.00 + 2 x 1.50 + 10 x 0.05
      assertThat(preview.out()).startsWith("bill " + month + " for erstsemester: ").contains("preliminary");
      assertThat(preview.out().lines().filter(l -> l.startsWith("  one-time"))).singleElement()
          .satisfies(l -> assertThat(l).contains("35.00 CHF"));
      assertThat(preview.out().lines().filter(l -> l.startsWith("  recurring"))).hasSize(2);
    }

    @Test
    @DisplayName("bill needs a valid month and either --user or --run")
    void billArguments() {
      String data = dir.resolve("data").toString();

      Run badMonth = run("", "bill", "--demo", "--data", data, "--month", "2026-13", "--user", "nethzuser");
      Run neither = run("", "bill", "--demo", "--data", data, "--month", "2026-11");
      Run both = run("", "bill", "--demo", "--data", data, "--month", "2026-11", "--user", "nethzuser", "--run");
      Run emptyMonth = run("", "bill", "--demo", "--data", data, "--month", "2020-01", "--run");

      assertThat(badMonth.status()).isEqualTo(1);
      assertThat(badMonth.err().trim()).isEqualTo("uncloud: --month '2026-13' is not a month such as 2026-11");
      assertThat(neither.err().trim()).isEqualTo(
          "uncloud: give --user NAME to preview one user's bill, or --run to bill every account");
      assertThat(both.status()).isEqualTo(1);
      assertThat(emptyMonth.status()).as(emptyMonth.err()).isZero();
      assertThat(emptyMonth.out().trim()).isEqualTo("no account has orders or usage in 2020-01");
    }
  }

  @Nested
  @DisplayName("with --config")
  class WithConfig {
    private Path config(EmbeddedLdapServer ldap, String... shopLines) throws IOException {
      List<String> lines = new ArrayList<>(List.of(
          "uncloud.currency=CHF",
          "uncloud.zone=Europe/Zurich",
          "uncloud.admins=labadmin",
          "uncloud.admin.labadmin.password-hash=" + PasswordHash.create(Secret.of("a real admin secret"), 1_000).encoded(),
          "uncloud.services=",
          "uncloud.ldap.urls=" + ldap.url(),
          "uncloud.ldap.tls=none",
          "uncloud.ldap.allow-plain=true",
          "uncloud.ldap.bind-dn=" + ldap.bindDn(),
          "uncloud.ldap.bind-password=plain:" + ldap.bindPassword(),
          "uncloud.ldap.user-base=ou=people," + ldap.baseDn()));
      lines.addAll(List.of(shopLines));
      Path file = dir.resolve("uncloud.properties");
      Files.write(file, lines);
      return file;
    }

    @Test
    @DisplayName("order and bill use the shop store the configuration names (jdbc, the ledger's SQLite file): orders, a retry by key, a preview, a run")
    void ordersAndBills() throws IOException {
      try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
        String file = config(ldap, "uncloud.shop-store=jdbc").toString();
        String data = dir.resolve("prod-data").toString();
        String month = YearMonth.now(ZoneId.of("Europe/Zurich")).toString();

        Run membership = run("", "order", "--config", file, "--data", data, "--user", "nethzuser", "--product",
            "membership");
        String[] vm = {"order", "--config", file, "--data", data, "--user", "nethzuser", "--product", "ipv6-vm",
            "--param", "cores=2", "--param", "ram_gb=4", "--param", "os_disk_gb=20", "--param", "os=debian-12",
            "--pay", "INVOICE", "--key", "vm-1"};
        Run first = run("", vm);
        Run retry = run("", vm);
        Run preview = run("", "bill", "--config", file, "--data", data, "--month", month, "--user", "nethzuser");
        Run other = run("", "bill", "--config", file, "--data", data, "--month", month, "--user", "erstsemester");
        Run billed = run("", "bill", "--config", file, "--data", data, "--month", month, "--run");

        assertThat(membership.status()).as(membership.err()).isZero();
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("parameters: cores=2, os=debian-12, os_disk_gb=20, ram_gb=4")
            .contains("monthly 13.00 CHF, paid by invoice");
        assertThat(orderId(retry.out())).isEqualTo(orderId(first.out()));
        assertThat(preview.status()).as(preview.err()).isZero();
        assertThat(preview.out()).startsWith("bill " + month + " for nethzuser: ").contains("preliminary");
        assertThat(preview.out().lines().filter(l -> l.startsWith("  recurring"))).hasSize(2);
        assertThat(other.out()).startsWith("bill " + month + " for erstsemester: 0.00 CHF, preliminary");
        assertThat(billed.status()).as(billed.err()).isZero();
        assertThat(billed.out()).startsWith("bill " + month + " for nethzuser: ").doesNotContain("erstsemester");
      }
    }

    @Test
    @DisplayName("without a shop store, order says which key to set, in one line, exit 1")
    void noShopStore() throws IOException {
      try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
        String file = config(ldap).toString();

        Run r = run("", "order", "--config", file, "--data", dir.resolve("d").toString(), "--user", "nethzuser",
            "--product", "membership");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("uncloud.shop-store").doesNotContain("Exception");
        assertThat(r.err().trim().lines()).hasSize(1);
      }
    }
  }

  private static String orderId(String out) {
    Matcher m = Pattern.compile("order_id (\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }
}
