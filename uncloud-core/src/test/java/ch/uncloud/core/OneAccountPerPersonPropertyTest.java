package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryShopStore;
import ch.uncloud.testkit.TestClock;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property of the whole core: however callers spell a person's name (case, fullwidth forms,
 * decomposed accents, the Turkish capital dotted I, a trailing no-break space), a random mix of charges, deposits, reversals and
 * shop bills leaves every person exactly one ledger account, whose balance is the sum of its entries
 * and what the bookings added up to, and whose lock flag says whether it is below zero.
 */
@DisplayName("One account per person under random spellings of the names")
class OneAccountPerPersonPropertyTest {
  private static final Currency CHF = Currency.getInstance("CHF");
  private static final List<String> PEOPLE = List.of("nethzuser", "schuldner", "physiker", "erstsemester", "iris.müller");
  private static final int OPERATIONS = 120;

  static Stream<Long> seeds() {
    return IntStream.rangeClosed(1, 25).mapToObj(i -> 0x5EED_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @DisplayName("random bookings under random spellings: one account per person, balance = sum of entries = the model, lock flag = balance < 0")
  void onePersonOneAccount(long seed) {
    Random random = new Random(seed);
    TestClock clock = TestClock.at("2026-11-01T08:00:00Z");
    InMemoryLedger ledger = InMemoryLedger.create();
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
    Map<Username, BigDecimal> model = new HashMap<>();
    List<Charge> reversible = new ArrayList<>();
    try (Uncloud uncloud = UncloudCore.builder().ledger(ledger).directory(directory).shopStore(InMemoryShopStore.create())
        .clock(clock).currency(CHF).zone(ZoneOffset.UTC)
        .admin("raplab", Secret.of("verygeheim")).admin("bursar", Secret.of("bursargeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
        .build()) {
      for (int i = 0; i < OPERATIONS; i++) {
        String person = PEOPLE.get(random.nextInt(PEOPLE.size()));
        String spelling = spelling(person, random);
        String amount = BigDecimal.valueOf(1 + random.nextInt(5000), 2).toPlainString();
        clock.advance(Duration.ofMinutes(1 + random.nextInt(60)));
        AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
        AdminSession bursar = uncloud.credit().authenticate("bursar", Secret.of("bursargeheim"));
        int operation = random.nextInt(10);
        if (operation < 4) {
          reversible.add(book(model, uncloud.credit().chargeUser(raplab,
              ChargeRequest.of("3dprint", spelling, amount, "CHF", "print " + i))));
        } else if (operation < 7) {
          reversible.add(book(model, uncloud.credit().deposit(bursar,
              DepositRequest.of(spelling, amount, "CHF", "cash " + i))));
        } else if (operation < 9 && !reversible.isEmpty()) {
          Charge original = reversible.remove(random.nextInt(reversible.size()));
          AdminSession owner = original.service().value().equals("3dprint") ? raplab : bursar;
          book(model, uncloud.credit().reverse(owner, original.id(), "storno " + i, null));
        } else {
          orderMembershipOnce(uncloud, spelling);
        }
      }
      clock.set(java.time.Instant.parse("2026-12-01T00:00:00Z"));
      for (Bill bill : uncloud.billing().run(YearMonth.of(2026, 11))) {
        model.merge(bill.account(), bill.total().amount().negate(), BigDecimal::add);
      }

      Set<Username> persons = PEOPLE.stream().map(Username::of).collect(Collectors.toSet());
      List<AccountBalance> accounts = ledger.balances(CHF);
      assertThat(accounts).as("seed %d: every account is one person's, under the directory's spelling", seed)
          .extracting(AccountBalance::account).doesNotHaveDuplicates().allMatch(persons::contains);
      for (AccountBalance account : accounts) {
        Money sum = ledger.entries(account.account()).stream().map(LedgerEntry::delta).reduce(Money.zero(CHF), Money::plus);
        assertThat(account.balance()).as("seed %d: balance of %s is the sum of its entries", seed, account.account())
            .isEqualTo(sum);
        assertThat(account.balance().amount()).as("seed %d: balance of %s is what the bookings added up to", seed,
            account.account()).isEqualByComparingTo(model.getOrDefault(account.account(), BigDecimal.ZERO));
        assertThat(directory.isLocked(account.account())).as("seed %d: lock flag of %s", seed, account.account())
            .isEqualTo(account.balance().isNegative());
      }
    }
  }

  private static Charge book(Map<Username, BigDecimal> model, Charge booked) {
    model.merge(booked.user(), booked.entry().delta().amount(), BigDecimal::add);
    return booked;
  }

  private static void orderMembershipOnce(Uncloud uncloud, String spelling) {
    Username person = uncloud.users().authenticate(spelling, Secret.of(password(spelling)));
    if (uncloud.orders().orders(person).isEmpty()) {
      uncloud.orders().placeOrder(OrderRequest.of(spelling, "membership", Map.of()));
    }
  }

  private static String password(String spelling) {
    String key = Username.matchKey(spelling);
    return switch (key) {
      case "nethzuser" -> "nethzpass";
      case "schuldner" -> "schuldpass";
      case "physiker" -> "physpass";
      case "erstsemester" -> "erstpass";
      default -> "irispass";
    };
  }

  /**
   * The name with each letter in a random case, some in fullwidth form, an i maybe as İ, maybe
   * decomposed, maybe with a no-break space at its end.
   */
  static String spelling(String name, Random random) {
    StringBuilder spelled = new StringBuilder();
    for (char c : name.toCharArray()) {
      int roll = random.nextInt(8);
      if (c == 'i' && roll == 0) {
        spelled.append('\u0130');
      } else if (c >= '!' && c <= '~' && roll == 1) {
        spelled.append((char) (c - '!' + '\uFF01'));
      } else if (roll < 5) {
        spelled.append(Character.toUpperCase(c));
      } else {
        spelled.append(c);
      }
    }
    String text = spelled.toString();
    // a decomposed İ (I and a combining dot) is another name for slapd, so only names without one are decomposed
    boolean decompose = text.indexOf('\u0130') < 0 && random.nextBoolean();
    String spelt = decompose ? Normalizer.normalize(text, Normalizer.Form.NFD) : text;
    // a plain space at the end is no user name; a no-break space there is insignificant to slapd
    return random.nextInt(6) == 0 ? spelt + '\u00A0' : spelt;
  }
}
