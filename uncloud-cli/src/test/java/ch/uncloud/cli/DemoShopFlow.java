package ch.uncloud.cli;

import static ch.uncloud.cli.DemoSession.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.uncloud.testkit.TestClock;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow of the shop over HTTP against the demo's wiring, in one person's session, as the root
 * README shows it with curl: register a card, order a membership and a VM, list the VM, snapshot it
 * twice, delete one snapshot, see the kept one's GB-seconds on the month's preliminary bill, download
 * the CSV statement (it adds up to {@code /api/v1/me}); then the month ends, is finalized, and the open
 * bill is paid by card. Each subclass runs it on one snapshot backend.
 */
abstract class DemoShopFlow {
  @TempDir
  Path dir;

  /** @return the demo under test, on the data directory and the clock given */
  abstract Backend startDemo(Path dataDir, Clock clock);

  /**
   * Checks the VM's disks on the backend after the flow.
   *
   * @param vm the VM as listed
   * @param kept the name of the snapshot that was kept
   */
  abstract void checkDisks(JsonObject vm, String kept) throws Exception;

  @Test
  @DisplayName("card with pm_card_visa, membership and VM, two snapshots and one deleted, its GB-seconds on the "
      + "preliminary bill, a CSV statement that adds up to /me, then the finalized month paid by card")
  void aPersonWalksTheWholeShop() throws Exception {
    TestClock clock = TestClock.at("2026-11-10T08:00:00Z");
    try (DemoSession me = DemoSession.start(startDemo(dir, clock), clock, "nethzuser")) {
      JsonObject registration = ok(me.send("POST", "/api/v1/cards", "", "Idempotency-Key", "card-1"));
      assertThat(registration.getString("publishable_key")).isEqualTo(Demo.STRIPE_PUBLISHABLE_KEY);
      me.confirmLikeStripeJs(registration.getString("setup_id"));
      JsonObject card = ok(me.send("POST", "/api/v1/cards/" + registration.getString("setup_id") + "/complete", null));
      assertThat(card.getString("last4")).isEqualTo("4242");
      assertThat(ok(me.send("GET", "/api/v1/cards", null)).getJsonArray("cards")).hasSize(1);

      ok(me.send("POST", "/api/v1/orders", "product=membership&payment=invoice", "Idempotency-Key", "m1"));
      ok(me.send("POST", "/api/v1/orders", "product=ipv6-vm&param.cores=1&param.ram_gb=1&param.os_disk_gb=10"
          + "&param.os=debian-12&payment=invoice", "Idempotency-Key", "vm1"));
      List<JsonObject> vms = ok(me.send("GET", "/api/v1/vms", null)).getJsonArray("vms").getValuesAs(JsonObject.class);
      assertThat(vms).singleElement().satisfies(vm -> assertThat(vm.getString("product")).isEqualTo("ipv6-vm"));
      JsonObject vm = vms.get(0);

      String snapshots = "/api/v1/vms/" + vm.getString("vm_id") + "/snapshots";
      JsonObject first = ok(me.send("POST", snapshots, "name=first", "Idempotency-Key", "s1"));
      JsonObject second = ok(me.send("POST", snapshots, "name=second", "Idempotency-Key", "s2"));
      ok(me.send("DELETE", snapshots + "/" + second.getString("snapshot_id"), null));
      assertThat(ok(me.send("GET", snapshots, null)).getJsonArray("snapshots").getValuesAs(JsonObject.class))
          .extracting(s -> s.getString("name")).containsExactly("first");
      checkDisks(vm, "first");

      clock.advance(Duration.ofHours(2));
      JsonObject preliminary = ok(me.send("GET", "/api/v1/bills/2026-11", null));
      assertThat(preliminary.getString("status")).isEqualTo("preliminary");
      assertThat(lines(preliminary)).extracting(l -> l.getString("description"), l -> l.getString("amount"))
          .containsExactly(
              tuple("VM snapshot " + first.getString("snapshot_id") + " (10 GB, 7200 s)", "0.01"),
              tuple("Membership", "3.44"),
              tuple("IPv6-only VM (cores=1, os=debian-12, os_disk_gb=10, ram_gb=1)", "3.44"));
      assertThat(preliminary.getString("total")).isEqualTo("6.89");
      assertStatementAddsUpTo(me, "20.00");

      clock.set(Instant.parse("2026-12-01T08:00:00Z"));
      me.demo().uncloud().billing().run(YearMonth.of(2026, 11));
      JsonObject open = ok(me.send("GET", "/api/v1/bills/2026-11", null));
      assertThat(open.getString("status")).isEqualTo("open");
      assertThat(open.getJsonArray("bills").getValuesAs(JsonObject.class))
          .extracting(b -> b.getString("payment"), b -> b.getString("status"), b -> b.getString("total"))
          .containsExactly(tuple("balance", "paid", "2.49"), tuple("invoice", "open", "6.88"));
      assertThat(lines(open).get(0).getString("description")).endsWith("(10 GB, 1782000 s)");

      JsonObject paid = ok(me.send("POST", "/api/v1/bills/2026-11/pay", null));
      assertThat(paid.getString("status")).isEqualTo("paid");
      assertThat(paid.getString("total")).isEqualTo("9.37");
      assertThat(me.demo().stripe().succeededChargeCount()).isEqualTo(1);
      assertStatementAddsUpTo(me, "17.51");
    }
  }

  private static List<JsonObject> lines(JsonObject bill) {
    return bill.getJsonArray("lines").getValuesAs(JsonObject.class);
  }

  /** Checks that {@code /api/v1/me} shows the balance and that the CSV statement's amounts add up to it. */
  private static void assertStatementAddsUpTo(DemoSession me, String balance) {
    assertThat(ok(me.send("GET", "/api/v1/me", null)).getString("balance")).isEqualTo(balance);
    HttpResponse<String> csv = me.send("GET", "/api/v1/me/entries", null, "Accept", "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csvTotal(csv.body())).isEqualByComparingTo(balance);
  }

  /** Adds up the amount column of the statement CSV. */
  private static BigDecimal csvTotal(String csv) {
    List<String> lines = csv.lines().toList();
    int amount = List.of(lines.get(0).split(",")).indexOf("amount");
    assertThat(amount).as(lines.get(0)).isNotNegative();
    return lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[amount])).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
