package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A person's statement: their own entries, filtered by period and service, paged by a cursor")
class StatementsTest {
  private static final Username SCHULDNER = Username.of("schuldner");
  private final TestClock clock = TestClock.at("2026-11-01T10:00:00Z");
  private final Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.withContractFixture()).clock(clock)
      .admin("vppadmin", Secret.of("vppgeheim"))
      .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build())
      .service(ServiceDefinition.builder("3dprint").owners("vppadmin").maxCharge("100.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private void charge(String service, String amount) {
    uncloud.credit().chargeUser("vppadmin", Secret.of("vppgeheim"),
        ChargeRequest.of(service, "schuldner", amount, "CHF", "job"));
    clock.advance(Duration.ofDays(1));
  }

  @Test
  @DisplayName("pages through every entry once, in booking order, and the last page has no next cursor")
  void pagesEveryEntryOnce() {
    for (int i = 1; i <= 5; i++) {
      charge("vpp-print", i + ".00");
    }
    List<LedgerEntry> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      StatementPage page = uncloud.statements().page(SCHULDNER, new StatementQuery(Instant.EPOCH,
          Instant.parse("2100-01-01T00:00:00Z"), null, 2, cursor));
      seen.addAll(page.entries());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).extracting(e -> e.delta().toPlainString()).containsExactly("-1.00", "-2.00", "-3.00", "-4.00", "-5.00");
  }

  @Test
  @DisplayName("shows only the period's entries of the chosen service")
  void filtersByPeriodAndService() {
    charge("vpp-print", "1.00");
    charge("3dprint", "2.00");
    charge("vpp-print", "3.00");
    charge("vpp-print", "4.00");

    StatementPage page = uncloud.statements().page(SCHULDNER, new StatementQuery(
        Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z"), ServiceName.of("vpp-print"), 10,
        null));

    assertThat(page.entries()).extracting(e -> e.delta().toPlainString()).containsExactly("-3.00");
    assertThat(page.next()).isEmpty();
  }

  @Test
  @DisplayName("refuses a cursor it did not hand out for this account, an empty period and a limit out of range")
  void refusesBadQueries() {
    charge("vpp-print", "1.00");

    assertThatThrownBy(() -> uncloud.statements().page(SCHULDNER, new StatementQuery(Instant.EPOCH,
        Instant.parse("2100-01-01T00:00:00Z"), null, 10, "bm9uZQ")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cursor");
    assertThatThrownBy(() -> new StatementQuery(Instant.EPOCH, Instant.EPOCH, null, 10, null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new StatementQuery(Instant.EPOCH, Instant.MAX, null, 0, null))
        .isInstanceOf(InvalidRequestException.class);
  }
}
