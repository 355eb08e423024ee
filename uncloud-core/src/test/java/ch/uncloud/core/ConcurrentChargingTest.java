package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrentChargingTest {
  private static final int THREADS = 8;
  private static final int CHARGES_PER_THREAD = 10_000;
  private static final int USERS = 100;

  @Test
  @DisplayName("8 threads x 10,000 charges over 100 users with retries: exact balances, nothing lost or doubled, flags match")
  void manyThreadsExactTotals() throws Exception {
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
    List<Username> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String name = String.format("user%03d", i);
      directory.addUser(name, "pw", Map.of());
      users.add(Username.of(name));
    }
    InMemoryLedger ledger = InMemoryLedger.create();
    try (Uncloud uncloud = UncloudCore.builder().ledger(ledger).directory(directory)
        .admin("raplab", Secret.of("verygeheim")).admin("bursar", Secret.of("bursargeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
        .build()) {
      CreditService credit = uncloud.credit();
      Map<String, Money> acknowledged = new ConcurrentHashMap<>();

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));
          AdminSession bursar = credit.authenticate("bursar", Secret.of("bursargeheim"));
          SplittableRandom random = new SplittableRandom(thread);
          for (int i = 0; i < CHARGES_PER_THREAD; i++) {
            Username user = users.get(random.nextInt(USERS));
            String key = "t" + thread + "-" + i;
            Charge charge;
            if (random.nextInt(10) == 0) {
              DepositRequest deposit = DepositRequest.of(user.value(), cents(random, 500), "CHF", "top-up").withIdempotencyKey(key);
              charge = credit.deposit(bursar, deposit);
              if (random.nextInt(5) == 0) {
                assertThat(credit.deposit(bursar, deposit).id()).isEqualTo(charge.id());
              }
            } else {
              ChargeRequest request = ChargeRequest.of("3dprint", user.value(), cents(random, 300), "CHF", "job")
                  .withIdempotencyKey(key);
              charge = credit.chargeUser(raplab, request);
              if (random.nextInt(5) == 0) {
                Charge retry = credit.chargeUser(raplab, request);
                assertThat(retry.id()).isEqualTo(charge.id());
                assertThat(retry.replayed()).isTrue();
              }
            }
            acknowledged.put(charge.id().value(), charge.entry().delta());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();

      Money expectedTotal = Money.zero(credit.currency());
      for (Money delta : acknowledged.values()) {
        expectedTotal = expectedTotal.plus(delta);
      }
      Money total = Money.zero(credit.currency());
      Set<String> seen = new HashSet<>();
      for (Username user : users) {
        List<LedgerEntry> entries = ledger.entries(user);
        Money sum = Money.zero(credit.currency());
        for (LedgerEntry e : entries) {
          sum = sum.plus(e.delta());
          assertThat(seen.add(e.id().value())).as("entry %s booked once", e.id()).isTrue();
        }
        Money balance = ledger.balance(user, credit.currency());
        assertThat(balance).as("balance of %s", user).isEqualTo(sum);
        assertThat(directory.isLocked(user)).as("lock flag of %s with balance %s", user, balance)
            .isEqualTo(balance.isNegative());
        total = total.plus(balance);
      }
      assertThat(seen).hasSize(THREADS * CHARGES_PER_THREAD).isEqualTo(acknowledged.keySet());
      assertThat(total).isEqualTo(expectedTotal);
    }
  }

  private static String cents(SplittableRandom random, int maxCents) {
    return BigDecimal.valueOf(1 + random.nextInt(maxCents), 2).toPlainString();
  }
}
