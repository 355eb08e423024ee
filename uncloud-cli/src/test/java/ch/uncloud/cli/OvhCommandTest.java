package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.testservers.ovh.FakeOvhServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("uncloud ovh against the OVH API fake")
class OvhCommandTest {
  @TempDir
  Path dir;

  FakeOvhServer fake;
  String config;

  @BeforeEach
  void start() throws IOException {
    fake = FakeOvhServer.builder().applicationKey("ak-test").applicationSecret("as-test").consumerKey("ck-test")
        .build().start();
    Path file = dir.resolve("ovh.properties");
    Files.write(file, List.of(
        "uncloud.ovh.endpoint=" + fake.baseUrl(),
        "uncloud.ovh.trust-certificate=" + fake.exportCertificate(dir.resolve("fake-ovh.pem")),
        "uncloud.ovh.application-key=plain:ak-test",
        "uncloud.ovh.application-secret=plain:as-test",
        "uncloud.ovh.consumer-key=plain:ck-test",
        "uncloud.ovh.journal-dir=" + dir.resolve("journal")));
    config = file.toString();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  @DisplayName("lists the catalog, prepares an order, checks it out only with --yes and only once, lists and shows it")
  void orderFlow() {
    Run catalog = run("", "ovh", "catalog", "--config", config);
    Run prepared = run("", "ovh", "prepare", "--config", config, "--plan", "24rise01", "--datacenter", "rbx",
        "--os", "debian12_64");
    Matcher id = Pattern.compile("prepared (\\S+)\\s+PREPARED").matcher(prepared.out());
    assertThat(id.find()).as(prepared.out() + prepared.err()).isTrue();
    Run unconfirmed = run("", "ovh", "checkout", "--config", config, "--order", id.group(1));
    long beforeCheckout = fake.checkoutsReceived();
    Run bought = run("", "ovh", "checkout", "--config", config, "--order", id.group(1), "--yes");
    Run again = run("", "ovh", "checkout", "--config", config, "--order", id.group(1), "--yes");
    Run orders = run("", "ovh", "orders", "--config", config);
    Run shown = run("", "ovh", "show", "--config", config, "--order", id.group(1));

    assertThat(catalog.status()).as(catalog.err()).isZero();
    assertThat(catalog.out()).contains("24rise01").contains("/month").containsPattern("\\d+ plan\\(s\\)");
    assertThat(unconfirmed.status()).isEqualTo(1);
    assertThat(unconfirmed.err()).contains("add --yes");
    assertThat(beforeCheckout).isZero();
    assertThat(bought.status()).as(bought.err()).isZero();
    assertThat(bought.out()).contains("CHECKED_OUT");
    assertThat(again.out()).contains("CHECKED_OUT");
    assertThat(fake.checkoutsReceived()).as("checkouts sent to OVH").isEqualTo(1);
    assertThat(orders.out()).contains(id.group(1)).contains("1 order(s)");
    assertThat(shown.out()).startsWith("order     " + id.group(1)).contains("24rise01 in rbx");
  }

  @Test
  @DisplayName("with uncloud.server-order-journal=jdbc the journal lives in the ledger's database: an order "
      + "prepared by one command is checked out once by the next, and no journal directory is written")
  void journalInTheLedgersDatabase() throws IOException {
    Path db = dir.resolve("ledger.db");
    Path jdbcConfig = dir.resolve("ovh-jdbc.properties");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(config)));
    lines.removeIf(l -> l.startsWith("uncloud.ovh.journal-dir="));
    lines.add("uncloud.server-order-journal=jdbc");
    lines.add("uncloud.jdbc.url=jdbc:sqlite:" + db);
    Files.write(jdbcConfig, lines);

    Run prepared = run("", "ovh", "prepare", "--config", jdbcConfig.toString(), "--plan", "24rise01",
        "--datacenter", "rbx", "--os", "debian12_64");
    Matcher id = Pattern.compile("prepared (\\S+)\\s+PREPARED").matcher(prepared.out());
    assertThat(id.find()).as(prepared.out() + prepared.err()).isTrue();
    Run bought = run("", "ovh", "checkout", "--config", jdbcConfig.toString(), "--order", id.group(1), "--yes");
    Run again = run("", "ovh", "checkout", "--config", jdbcConfig.toString(), "--order", id.group(1), "--yes");

    assertThat(bought.status()).as(bought.err()).isZero();
    assertThat(again.out()).contains("CHECKED_OUT");
    assertThat(fake.checkoutsReceived()).as("checkouts sent to OVH").isEqualTo(1);
    assertThat(dir.resolve("journal")).doesNotExist();
    try (ch.uncloud.jdbc.JdbcServerOrderJournal journal = ch.uncloud.jdbc.JdbcServerOrderJournal.sqlite(db)) {
      assertThat(journal.find(id.group(1))).hasValueSatisfying(d -> assertThat(d).contains("CHECKED_OUT"));
    }
  }

  @Test
  @DisplayName("with events subscribed, ovh checkout announces server_order.checked_out in the ledger's outbox "
      + "like the gateway, once however often it is checked out")
  void checkoutFromTheCommandIsAnnounced() throws IOException {
    Path db = dir.resolve("ledger.db");
    Path eventsConfig = dir.resolve("ovh-events.properties");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(config)));
    lines.removeIf(l -> l.startsWith("uncloud.ovh.journal-dir="));
    lines.addAll(List.of("uncloud.server-order-journal=jdbc", "uncloud.jdbc.url=jdbc:sqlite:" + db,
        "uncloud.events.webhooks=ops", "uncloud.events.webhook.ops.url=http://127.0.0.1:9/hook",
        "uncloud.events.webhook.ops.secret=plain:whsec_a_long_random_secret"));
    Files.write(eventsConfig, lines);

    Run prepared = run("", "ovh", "prepare", "--config", eventsConfig.toString(), "--plan", "24rise01",
        "--datacenter", "rbx", "--os", "debian12_64");
    Matcher id = Pattern.compile("prepared (\\S+)\\s+PREPARED").matcher(prepared.out());
    assertThat(id.find()).as(prepared.out() + prepared.err()).isTrue();
    Run bought = run("", "ovh", "checkout", "--config", eventsConfig.toString(), "--order", id.group(1), "--yes");
    Run again = run("", "ovh", "checkout", "--config", eventsConfig.toString(), "--order", id.group(1), "--yes");
    Run ordered = run("", "ovh", "order", "--config", eventsConfig.toString(), "--plan", "24rise01",
        "--datacenter", "rbx", "--os", "debian12_64", "--yes");

    assertThat(bought.status()).as(bought.err()).isZero();
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(ordered.status()).as(ordered.err()).isZero();
    try (ch.uncloud.jdbc.JdbcLedger ledger = ch.uncloud.jdbc.JdbcLedger.sqlite(db)) {
      List<ch.uncloud.api.events.Event> events = ledger.outbox().orElseThrow().events(0, 10);
      assertThat(events).extracting(ch.uncloud.api.events.Event::type)
          .containsOnly(ch.uncloud.api.events.EventType.SERVER_ORDER_CHECKED_OUT).hasSize(2);
      assertThat(events.get(0).data()).containsEntry("order", id.group(1)).containsEntry("plan", "24rise01");
      assertThat(events.get(0).account().value()).isEqualTo("uncloud:servers");
    }
  }

  @Test
  @DisplayName("ovh order stops at the priced dry run without --yes and buys once with it")
  void orderInOneGo() {
    Run catalog = run("", "ovh", "catalog", "--config", config, "--subsidiary", "FR", "--max-price", "1000");
    Run dryRun = run("", "ovh", "order", "--config", config, "--plan", "24rise01", "--datacenter", "rbx",
        "--os", "debian12_64");
    long afterDryRun = fake.checkoutsReceived();
    Run bought = run("", "ovh", "order", "--config", config, "--plan", "24rise01", "--datacenter", "rbx",
        "--os", "debian12_64", "--yes");

    assertThat(catalog.status()).as(catalog.err()).isZero();
    assertThat(catalog.out()).contains("24rise01");
    assertThat(dryRun.status()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("PREPARED").contains("dry run only");
    assertThat(afterDryRun).isZero();
    assertThat(bought.status()).as(bought.err()).isZero();
    assertThat(bought.out()).contains("CHECKED_OUT");
    assertThat(fake.checkoutsReceived()).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown plan is one clear error line")
  void unknownPlan() {
    Run r = run("", "ovh", "prepare", "--config", config, "--plan", "no-such-plan", "--datacenter", "rbx");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("uncloud: ");
  }

  @Test
  @DisplayName("the catalog shows setup fees, and --plan the datacenters a plan is delivered to")
  void catalogShowsSetupFeesAndDatacenters() {
    Run list = run("", "ovh", "catalog", "--config", config);
    Run plan = run("", "ovh", "catalog", "--config", config, "--plan", "24adv01");

    assertThat(list.out()).containsPattern("24adv01 .* 79\\.99 EUR/month \\+ 49\\.99 setup");
    assertThat(plan.status()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("setup fee    49.99 EUR").contains("first month  129.98 EUR")
        .contains("datacenters  gra, bhs").contains("systems      none_64.en, debian12_64")
        .contains("regions      europe, north_america");
  }

  @Test
  @DisplayName("prepare refuses a datacenter the plan is not delivered to, naming the allowed ones, before any cart")
  void prepareValidatesDatacenter() {
    Run r = run("", "ovh", "prepare", "--config", config, "--plan", "24adv01", "--datacenter", "xyz");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("'xyz'").contains("[gra, bhs]").contains("uncloud ovh catalog --plan 24adv01");
    assertThat(fake.cartIds()).isEmpty();
  }

  @Test
  @DisplayName("a prepared order is reconfigured in its cart and priced again, then checks out with the new values")
  void reconfigurePreparedOrder() {
    Run prepared = run("", "ovh", "prepare", "--config", config, "--plan", "24rise01", "--datacenter", "rbx",
        "--os", "debian12_64");
    Matcher id = Pattern.compile("prepared (\\S+)\\s+PREPARED").matcher(prepared.out());
    assertThat(id.find()).as(prepared.out() + prepared.err()).isTrue();
    Run refused = run("", "ovh", "reconfigure", "--config", config, "--order", id.group(1), "--datacenter", "sbg");
    Run changed = run("", "ovh", "reconfigure", "--config", config, "--order", id.group(1), "--datacenter", "gra");
    Run bought = run("", "ovh", "checkout", "--config", config, "--order", id.group(1), "--yes");

    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("'sbg'").contains("[gra, rbx, bhs]");
    assertThat(changed.status()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("reconfigured").contains("PREPARED").contains("in gra");
    assertThat(bought.out()).contains("CHECKED_OUT");
    assertThat(fake.cartIds()).hasSize(1);
  }
}
