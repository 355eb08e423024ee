package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ErrorCategory;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CreditLimitTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(ledger)
      .directory(InMemoryAccountDirectory.withContractFixture())
      .admin("raplab", Secret.of("verygeheim"))
      .admin("bursar", Secret.of("bursargeheim"))
      .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
      .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00").creditLimit("0").build())
      .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
      .creditLimit("erstsemester", "2.00")
      .build();
  private final CreditService credit = uncloud.credit();
  private final AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));

  @AfterEach
  void close() {
    uncloud.close();
  }

  @Test
  @DisplayName("without a limit an account may overdraw as far as it likes, as the lab's rule says")
  void unlimitedByDefault() {
    assertThat(credit.chargeUser(raplab, print("nethzuser", "500.00")).balance()).isEqualTo(chf("-500.00"));
  }

  @Test
  @DisplayName("a service's limit refuses a charge past it with 402 insufficient_funds carrying available and limit")
  void serviceLimit() {
    deposit("nethzuser", "3.00");

    assertThatThrownBy(() -> credit.chargeUser(raplab, ChargeRequest.of("lasercutter", "nethzuser", "3.01", "CHF", "cut")))
        .isInstanceOfSatisfying(InsufficientFundsException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.PAYMENT_FAILED);
          assertThat(e.category().httpStatus()).isEqualTo(402);
          assertThat(e.errorCode()).isEqualTo("insufficient_funds");
          assertThat(e.available()).isEqualTo(chf("3.00"));
          assertThat(e.limit()).isEqualTo(chf("0"));
        });
    assertThat(credit.amountAvailable(NETHZ)).isEqualTo(chf("3.00"));
    assertThat(credit.chargeUser(raplab, ChargeRequest.of("lasercutter", "nethzuser", "3.00", "CHF", "cut")).balance())
        .isEqualTo(chf("0.00"));
  }

  @Test
  @DisplayName("an account's own limit applies at every service, and the smaller of the account's and the service's wins")
  void accountLimit() {
    credit.chargeUser(raplab, print("erstsemester", "2.00"));

    assertThatThrownBy(() -> credit.chargeUser(raplab, print("erstsemester", "0.05")))
        .isInstanceOfSatisfying(InsufficientFundsException.class, e -> assertThat(e.limit()).isEqualTo(chf("2.00")));
    deposit("erstsemester", "2.50");
    assertThatThrownBy(() -> credit.chargeUser(raplab, ChargeRequest.of("lasercutter", "erstsemester", "0.60", "CHF", "cut")))
        .isInstanceOfSatisfying(InsufficientFundsException.class, e -> assertThat(e.limit()).isEqualTo(chf("0")));
  }

  @Test
  @DisplayName("many threads charging one limited account through the core book exactly up to the limit")
  void concurrentChargesStopAtTheLimit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        tasks.add(() -> {
          try {
            credit.chargeUser(raplab, print("erstsemester", "0.01").withIdempotencyKey("job-" + n));
            return true;
          } catch (InsufficientFundsException refused) {
            return false;
          }
        });
      }
      long booked = 0;
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        booked += f.get() ? 1 : 0;
      }
      assertThat(booked).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(credit.amountAvailable(Username.of("erstsemester"))).isEqualTo(chf("-2.00"));
  }

  @Test
  @DisplayName("credit limits come from uncloud.service.NAME.credit-limit, uncloud.credit-limit and uncloud.account.NAME.credit-limit; a bad one is reported")
  void configurationKeys() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.services", "3dprint",
        "uncloud.service.3dprint.owners", "raplab",
        "uncloud.service.3dprint.max-charge", "500.00",
        "uncloud.service.3dprint.credit-limit", "-1",
        "uncloud.credit-limit", "ten",
        "uncloud.account.nethzuser.credit-limit", "1,00"));

    assertThat(UncloudCore.configurationProblems(config))
        .anyMatch(p -> p.startsWith("uncloud.service.3dprint.") && p.contains("credit limit"))
        .anyMatch(p -> p.startsWith("uncloud.credit-limit:"))
        .anyMatch(p -> p.startsWith("uncloud.account.nethzuser.credit-limit:"));
    assertThatThrownBy(() -> UncloudCore.builder().creditLimit("nethzuser", "-5"))
        .isInstanceOf(InvalidRequestException.class);
  }

  private ChargeRequest print(String user, String amount) {
    return ChargeRequest.of("3dprint", user, amount, "CHF", "PLA print");
  }

  private void deposit(String user, String amount) {
    credit.deposit(credit.authenticate("bursar", Secret.of("bursargeheim")), DepositRequest.of(user, amount, "CHF", "cash"));
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }
}
