package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ShopStore;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A month's billing run over 1,000 accounts on the durable ledger and shop store of one database,
 * checked against the {@link BillingScenario}'s independently computed bills. The scenario is
 * prepared and billed once per store (placing 3,300 orders takes a while); the re-run test bills
 * the month a second time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BillingRunBehaviour {
  private static final int ACCOUNTS = 1_000;
  private static final Currency CHF = Currency.getInstance("CHF");

  private BillingScenario scenario;
  private ShopStore store;
  private Ledger ledger;
  private List<Bill> bills;
  private List<LedgerEntry> charges;

  /** @return an empty ledger in a fresh database */
  protected abstract Ledger newLedger();

  /** @return a shop store in the same database as the last {@link #newLedger()} */
  protected abstract ShopStore newStore();

  @BeforeAll
  final void billTheMonth() throws Exception {
    ledger = newLedger();
    store = newStore();
    scenario = BillingScenario.prepare(ledger, store, ACCOUNTS, 8);
    bills = scenario.run();
    charges = shopEntries();
  }

  @AfterAll
  final void close() {
    if (scenario != null) {
      scenario.close();
    }
  }

  private List<LedgerEntry> shopEntries() {
    return ledger.entries(BillingScenario.shopService(), scenario.billingFrom(), scenario.billingTo());
  }

  @Test
  @DisplayName("every account is billed exactly once, with the total computed from the published prices")
  void everyAccountBilledOnce() {
    assertThat(bills).extracting(Bill::account).containsExactlyElementsOf(scenario.accounts());
    for (Bill bill : bills) {
      BillingScenario.Account expected = scenario.expected().get(bill.account());
      assertThat(bill.month()).isEqualTo(BillingScenario.MONTH);
      assertThat(bill.total()).as("total of %s", bill.account()).isEqualTo(expected.total());
      assertThat(bill.lines().stream().map(l -> l.amount()).reduce(Money::plus).orElseThrow()).isEqualTo(bill.total());
      assertThat(store.bills(bill.account())).as("stored bills of %s", bill.account()).containsExactly(bill);
    }
  }

  @Test
  @DisplayName("each non-zero bill line is one ledger charge: counts, sums and balances exact to the centime")
  void linesAreLedgerCharges() {
    int expectedCharges = scenario.expected().values().stream().mapToInt(BillingScenario.Account::charges).sum();
    assertThat(charges).hasSize(expectedCharges).allSatisfy(e -> assertThat(e.kind()).isEqualTo(EntryKind.CHARGE));
    assertThat(charges.stream().map(e -> e.idempotencyKey().value()).distinct()).hasSize(expectedCharges);
    Map<Username, Money> charged = charges.stream().collect(Collectors.toMap(LedgerEntry::account,
        e -> e.delta().negate(), Money::plus));
    Money grandTotal = Money.zero(CHF);
    for (Username account : scenario.accounts()) {
      BillingScenario.Account expected = scenario.expected().get(account);
      assertThat(charged.get(account)).as("charged to %s", account).isEqualTo(expected.total());
      Money deposit = expected.deposited() ? BillingScenario.DEPOSIT : Money.zero(CHF);
      assertThat(ledger.balance(account, CHF)).as("balance of %s", account).isEqualTo(deposit.minus(expected.total()));
      grandTotal = grandTotal.plus(expected.total());
    }
    Money billed = bills.stream().map(Bill::total).reduce(Money::plus).orElseThrow();
    assertThat(billed).isEqualTo(grandTotal);
    assertThat(charges.stream().map(e -> e.delta().negate()).reduce(Money::plus).orElseThrow()).isEqualTo(grandTotal);
  }

  @Test
  @DisplayName("bills are paid as their orders chose: from a topped-up balance, else left open with a due date and why")
  void paidAsChosen() {
    LocalDate due = scenario.billingFrom().atZone(BillingScenario.ZONE).toLocalDate().plusDays(10);
    for (Bill bill : bills) {
      BillingScenario.Account expected = scenario.expected().get(bill.account());
      assertThat(bill.payment()).isEqualTo(expected.payment());
      assertThat(bill.status()).as("status of %s", bill.account()).isEqualTo(expected.status());
      if (bill.status() == Bill.Status.PAID) {
        assertThat(bill.note()).isEqualTo("paid from the prepaid balance");
        assertThat(bill.dueDate()).isNull();
      } else if (expected.payment() == PaymentChoice.INVOICE) {
        assertThat(bill.dueDate()).isEqualTo(due);
        assertThat(bill.note()).contains("invoice sent");
      } else {
        assertThat(bill.dueDate()).isEqualTo(due);
        assertThat(bill.note()).contains("short by " + expected.total());
      }
    }
  }

  @Test
  @DisplayName("a second run of the month changes nothing: the same bills, no new ledger entry, stored bills unchanged")
  void secondRunChangesNothing() {
    Map<Username, Bill> storedBefore = scenario.accounts().stream()
        .collect(Collectors.toMap(Function.identity(), a -> store.bills(a).stream()
            .filter(b -> b.month().equals(BillingScenario.MONTH)).findFirst().orElseThrow(),
            (a, b) -> a, HashMap::new));

    List<Bill> again = scenario.run();

    assertThat(again).isEqualTo(bills);
    assertThat(shopEntries()).isEqualTo(charges);
    for (Username account : scenario.accounts()) {
      assertThat(store.bills(account)).containsExactly(storedBefore.get(account));
    }
  }
}
