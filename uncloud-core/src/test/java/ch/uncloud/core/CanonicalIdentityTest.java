package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.MisspelledAccount;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryShopStore;
import ch.uncloud.testkit.TestClock;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One person, one account: whatever spelling of a name a caller sends, the core books, locks,
 * orders and answers under the directory's stored spelling.
 */
class CanonicalIdentityTest {
  private static final Username NETHZ = Username.of("nethzuser");

  private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(ledger)
      .directory(directory)
      .shopStore(InMemoryShopStore.create())
      .clock(clock)
      .currency(Currency.getInstance("CHF"))
      .admin("raplab", Secret.of("verygeheim"))
      .admin("bursar", Secret.of("bursargeheim"))
      .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
      .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  @Test
  @DisplayName("a charge to NETHZUSER books on nethzuser's one account, answers nethzuser and leaves the lock flag alone")
  void chargeUnderAnotherCaseBooksOnTheStoredAccount() {
    deposit("nethzuser", "20.00");

    Charge charge = uncloud.credit().chargeUser(raplab(), ChargeRequest.of("3dprint", "NETHZUSER", "0.01", "CHF", "print"));

    assertThat(charge.user()).isEqualTo(NETHZ);
    assertThat(charge.balance()).isEqualTo(Money.of("19.99", "CHF"));
    assertThat(charge.locked()).isFalse();
    assertThat(ledger.balances(Currency.getInstance("CHF"))).extracting(AccountBalance::account).containsExactly(NETHZ);
    assertThat(directory.isLocked(NETHZ)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"NETHZUSER", "Nethzuser", "ｎｅｔｈｚｕｓｅｒ", "ＮＥＴＨＺＵＳＥＲ", "nethzuser\u00A0", "NETHZUSER\u2007"})
  @DisplayName("every spelling the directory matches is the same person: deposit, charge, balance and status")
  void everySpellingIsTheSamePerson(String spelling) {
    deposit(spelling, "5.00");
    uncloud.credit().chargeUser(raplab(), ChargeRequest.of("3dprint", spelling, "7.00", "CHF", "print"));

    assertThat(uncloud.credit().status(Username.of(spelling)).user()).isEqualTo(NETHZ);
    assertThat(uncloud.credit().amountAvailable(NETHZ)).isEqualTo(Money.of("-2.00", "CHF"));
    assertThat(directory.isLocked(NETHZ)).isTrue();
    assertThat(ledger.balances(Currency.getInstance("CHF"))).extracting(AccountBalance::account).containsExactly(NETHZ);

    deposit("nethzuser", "2.00");
    assertThat(directory.isLocked(NETHZ)).isFalse();
    assertThat(uncloud.credit().status(Username.of(spelling)).locked()).isFalse();
  }

  @Test
  @DisplayName("a name with an invisible character or a space at its end is refused, not looked up")
  void invalidUserIdsAreRefused() {
    assertThatThrownBy(() -> charge("nethz\u200Buser")).isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> charge("nethzuser\u00AD")).isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> charge("nethzuser ")).isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> charge("ırıs.müller")).isInstanceOf(NotFoundException.class)
        .hasFieldOrPropertyWithValue("errorCode", "unknown_user");
    assertThat(ledger.balances(Currency.getInstance("CHF"))).isEmpty();
  }

  @Test
  @DisplayName("a login as NethzUser is nethzuser: the shop allows that person one membership, not two")
  void shopLoginUnderAnotherCaseIsTheSamePerson() {
    Username asLoggedIn = uncloud.users().authenticate("NethzUser", Secret.of("nethzpass"));
    uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()));

    assertThat(asLoggedIn).isEqualTo(NETHZ);
    assertThatThrownBy(() -> uncloud.orders().placeOrder(OrderRequest.of("NethzUser", "membership", Map.of())))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed");
    assertThat(uncloud.orders().orders(Username.of("ｎｅｔｈｚｕｓｅｒ"))).hasSize(1)
        .allSatisfy(order -> assertThat(order.account()).isEqualTo(NETHZ));
  }

  @Test
  @DisplayName("a decomposed or fullwidth spelling of a name with an umlaut books on the stored spelling")
  void unicodeSpellingsBookOnTheStoredName() {
    deposit("iris.mu\u0308ller", "3.00");
    deposit("ＩＲＩＳ．ＭÜＬＬＥＲ", "4.00");

    assertThat(ledger.balances(Currency.getInstance("CHF"))).extracting(AccountBalance::account)
        .containsExactly(Username.of("iris.müller"));
    assertThat(uncloud.credit().amountAvailable(Username.of("\u0130R\u0130S.MÜLLER"))).isEqualTo(Money.of("7.00", "CHF"));
  }

  @Test
  @DisplayName("an account an older uncloud left under another spelling is reported, never sets the person's lock flag, and its money is not merged")
  void misspelledAccountFromBefore() {
    deposit("nethzuser", "20.00");
    Username shouted = Username.of("NETHZUSER");
    legacy(shouted, "-0.01");
    LedgerEntry legacyDeposit = legacy(shouted, "5.00");

    assertThat(uncloud.credit().misspelledAccounts())
        .containsExactly(new MisspelledAccount(shouted, NETHZ, Money.of("4.99", "CHF")));
    Charge storno = uncloud.credit().reverse(uncloud.credit().authenticate("bursar", Secret.of("bursargeheim")),
        legacyDeposit.id(), "booked under the wrong spelling", null);
    LockReconciliation reconciled = uncloud.credit().reconcileLocks();

    assertThat(storno.user()).isEqualTo(shouted);
    assertThat(storno.balance()).isEqualTo(Money.of("-0.01", "CHF"));
    assertThat(reconciled.failed()).containsExactly(shouted);
    assertThat(directory.isLocked(NETHZ)).isFalse();
    assertThat(uncloud.credit().amountAvailable(NETHZ)).isEqualTo(Money.of("20.00", "CHF"));
    assertThat(ledger.balance(shouted, Currency.getInstance("CHF"))).isEqualTo(Money.of("-0.01", "CHF"));
  }

  /** An entry as an uncloud that did not resolve names booked it. */
  private LedgerEntry legacy(Username account, String delta) {
    EntryKind kind = delta.startsWith("-") ? EntryKind.CHARGE : EntryKind.DEPOSIT;
    ServiceName service = ServiceName.of(kind == EntryKind.CHARGE ? "3dprint" : "deposits");
    return ledger.post(new NewEntry(EntryId.random(), kind, service, account, Money.of(delta, "CHF"), "before names "
        + "were resolved", "raplab", clock.instant(), null, null)).entry();
  }

  private void deposit(String user, String amount) {
    uncloud.credit().deposit(uncloud.credit().authenticate("bursar", Secret.of("bursargeheim")),
        DepositRequest.of(user, amount, "CHF", "cash at the desk"));
  }

  private Charge charge(String user) {
    return uncloud.credit().chargeUser(raplab(), ChargeRequest.of("3dprint", user, "1.00", "CHF", "print"));
  }

  private AdminSession raplab() {
    return uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
  }
}
