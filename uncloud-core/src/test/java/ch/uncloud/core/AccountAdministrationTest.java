package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AccountSearchPage;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Accounts for admins: found by prefix, and each admin sees the entries of their own services, a reader all")
class AccountAdministrationTest {
  private final TestClock clock = TestClock.at("2026-11-01T10:00:00Z");
  private final Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.create().addUser("anna", "a", Map.of()).addUser("andreas", "a", Map.of())
          .addUser("bruno", "b", Map.of()))
      .clock(clock)
      .admin("printer", Secret.of("p1")).admin("laser", Secret.of("l1")).admin("helpdesk", Secret.of("h1"))
      .admin("nobody", Secret.of("n1")).readers("helpdesk")
      .service(ServiceDefinition.builder("3dprint").owners("printer").maxCharge("100.00").build())
      .service(ServiceDefinition.builder("lasercutter").owners("laser").maxCharge("100.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private AdminSession login(String admin, String password) {
    return uncloud.credit().authenticate(admin, Secret.of(password));
  }

  private void charge(String admin, String password, String service, String user) {
    uncloud.credit().chargeUser(admin, Secret.of(password), ChargeRequest.of(service, user, "1.00", "CHF", "job"));
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("search finds accounts by a name prefix ignoring case, sorted, a page at a time; a foreign cursor is refused")
  void searchByPrefix() {
    charge("printer", "p1", "3dprint", "bruno");
    charge("printer", "p1", "3dprint", "anna");
    charge("printer", "p1", "3dprint", "andreas");
    AdminSession printer = login("printer", "p1");

    AccountSearchPage first = uncloud.accounts().search(printer, "AN", 1, null);
    AccountSearchPage second = uncloud.accounts().search(printer, "AN", 1, first.nextCursor());

    assertThat(first.accounts()).extracting(AccountBalance::account).containsExactly(Username.of("andreas"));
    assertThat(second.accounts()).extracting(AccountBalance::account).containsExactly(Username.of("anna"));
    assertThat(second.next()).isEmpty();
    assertThat(uncloud.accounts().search(printer, "", 10, null).accounts()).hasSize(3);
    assertThatThrownBy(() -> uncloud.accounts().search(printer, "", 10, "%%%"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("search names a directory user without entries yet when the prefix is their whole name, in any case, at 0.00")
  void searchFindsADirectoryUserWithoutEntries() {
    charge("printer", "p1", "3dprint", "anna");
    AdminSession printer = login("printer", "p1");

    AccountSearchPage bruno = uncloud.accounts().search(printer, "BRUNO", 10, null);
    AccountSearchPage anna = uncloud.accounts().search(printer, "anna", 10, null);

    assertThat(bruno.accounts()).containsExactly(new AccountBalance(Username.of("bruno"), Money.of("0.00", "CHF")));
    assertThat(anna.accounts()).extracting(AccountBalance::account).containsExactly(Username.of("anna"));
    assertThat(uncloud.accounts().search(printer, "brun", 10, null).accounts()).isEmpty();
    assertThat(uncloud.accounts().search(printer, "", 10, null).accounts()).hasSize(1);
    assertThat(uncloud.accounts().search(printer, "nemo", 10, null).accounts()).isEmpty();
    assertThatThrownBy(() -> uncloud.accounts().search(login("nobody", "n1"), "bruno", 10, null))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  @DisplayName("an owner sees every account's balance but only their own services' entries; a reader sees all")
  void entriesScopedByOwnership() {
    charge("printer", "p1", "3dprint", "anna");
    charge("laser", "l1", "lasercutter", "anna");
    Username anna = Username.of("anna");
    StatementQuery all = StatementQuery.everything();

    var printerView = uncloud.accounts().account(login("printer", "p1"), Username.of("ANNA"));
    var readerView = uncloud.accounts().account(login("helpdesk", "h1"), anna);

    assertThat(printerView.account().balance().toPlainString()).isEqualTo("-2.00");
    assertThat(printerView.recentEntries()).extracting(LedgerEntry::service).containsExactly(ServiceName.of("3dprint"));
    assertThat(readerView.recentEntries()).hasSize(2);
    assertThat(uncloud.accounts().statement(login("laser", "l1"), anna, all).entries())
        .extracting(LedgerEntry::service).containsExactly(ServiceName.of("lasercutter"));
    assertThat(uncloud.accounts().statement(login("helpdesk", "h1"), anna, all).entries()).hasSize(2);
  }

  @Test
  @DisplayName("one account's view shows the latest 20 entries the admin may see, in booking order")
  void recentEntriesAreTheLatestTwentyVisible() {
    for (int i = 0; i < 23; i++) {
      charge("printer", "p1", "3dprint", "anna");
      charge("laser", "l1", "lasercutter", "anna");
    }
    Username anna = Username.of("anna");
    List<LedgerEntry> printed = uncloud.accounts().statement(login("printer", "p1"), anna, StatementQuery.everything())
        .entries();

    var printerView = uncloud.accounts().account(login("printer", "p1"), anna);

    assertThat(printerView.recentEntries()).containsExactlyElementsOf(printed.subList(3, 23));
    assertThat(uncloud.accounts().account(login("helpdesk", "h1"), anna).recentEntries()).hasSize(20)
        .last().satisfies(e -> assertThat(e.service()).isEqualTo(ServiceName.of("lasercutter")));
  }

  @Test
  @DisplayName("another service's entries are 403 for an owner; an admin who neither owns nor reads is refused everything")
  void refusals() {
    charge("printer", "p1", "3dprint", "anna");
    Username anna = Username.of("anna");
    StatementQuery print = new StatementQuery(StatementQuery.everything().from(), StatementQuery.everything().to(),
        ServiceName.of("3dprint"), 10, null);
    AdminSession nobody = login("nobody", "n1");

    assertThatThrownBy(() -> uncloud.accounts().statement(login("laser", "l1"), anna, print))
        .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
    assertThatThrownBy(() -> uncloud.accounts().search(nobody, "", 10, null)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> uncloud.accounts().account(nobody, Username.of("unknown")))
        .as("refused before it says whether the user exists").isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> uncloud.accounts().statement(nobody, anna, print)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> uncloud.credit().reconcileLocks(nobody)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> uncloud.paymentEvents().unappliedPayments(login("printer", "p1")))
        .isInstanceOf(ForbiddenException.class);
    assertThat(uncloud.paymentEvents().unappliedPayments(login("helpdesk", "h1"))).isEmpty();
    assertThatThrownBy(() -> uncloud.accounts().account(login("printer", "p1"), Username.of("unknown")))
        .isInstanceOf(NotFoundException.class);
  }
}
