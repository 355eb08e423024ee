package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeOutcome;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChargeAllTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(InMemoryLedger.create())
      .directory(directory)
      .admin("raplab", Secret.of("verygeheim"))
      .admin("bursar", Secret.of("bursargeheim"))
      .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
      .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00").creditLimit("0").build())
      .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
      .build();
  private final CreditService credit = uncloud.credit();
  private final AdminSession raplab = credit.authenticate("raplab", Secret.of("verygeheim"));

  @AfterEach
  void close() {
    uncloud.close();
  }

  @Test
  @DisplayName("a batch books each charge with its running balance; refused requests answer with their own error and fail nothing else")
  void refusedRequestsFailOnlyThemselves() {
    credit.deposit(credit.authenticate("bursar", Secret.of("bursargeheim")), DepositRequest.of("nethzuser", "3.00", "CHF", "cash"));

    List<ChargeOutcome> outcomes = credit.chargeAll(raplab, List.of(
        ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "PLA").withIdempotencyKey("day-1"),
        ChargeRequest.of("lasercutter", "nethzuser", "2.50", "CHF", "cut").withIdempotencyKey("day-2"),
        ChargeRequest.of("3dprint", "nobody-here", "1.00", "CHF", "PLA").withIdempotencyKey("day-3"),
        ChargeRequest.of("3dprint", "nethzuser", "0.50", "CHF", "PLA").withIdempotencyKey("day-4")));

    assertThat(outcomes.get(0).charge().balance()).isEqualTo(chf("2.00"));
    assertThat(outcomes.get(1).refusal()).isInstanceOf(InsufficientFundsException.class);
    assertThat(outcomes.get(2).refusal()).extracting(UncloudException::errorCode).isEqualTo(ErrorCodes.UNKNOWN_USER);
    assertThat(outcomes.get(3).charge().balance()).isEqualTo(chf("1.50"));
    assertThat(outcomes).extracting(ChargeOutcome::booked).containsExactly(true, false, false, true);
    assertThat(credit.amountAvailable(NETHZ)).isEqualTo(chf("1.50"));
  }

  @Test
  @DisplayName("a replayed batch books nothing again; a key reused with another payload is refused as an idempotency conflict")
  void replayKeepsEachKey() {
    List<ChargeRequest> batch = List.of(
        ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "PLA").withIdempotencyKey("day-1"),
        ChargeRequest.of("3dprint", "nethzuser", "2.00", "CHF", "PLA").withIdempotencyKey("day-2"));
    List<ChargeOutcome> first = credit.chargeAll(raplab, batch);

    List<ChargeOutcome> again = credit.chargeAll(raplab, List.of(batch.get(0),
        ChargeRequest.of("3dprint", "nethzuser", "9.00", "CHF", "PLA").withIdempotencyKey("day-2")));

    assertThat(again.get(0).charge().replayed()).isTrue();
    assertThat(again.get(0).charge().id()).isEqualTo(first.get(0).charge().id());
    assertThat(again.get(1).refusal()).extracting(UncloudException::errorCode).isEqualTo(ErrorCodes.IDEMPOTENCY_CONFLICT);
    assertThat(credit.amountAvailable(NETHZ)).isEqualTo(chf("-3.00"));
  }

  @Test
  @DisplayName("the lock flag follows each account's balance after the batch, set once")
  void lockFlagAfterTheBatch() {
    List<ChargeOutcome> outcomes = credit.chargeAll(raplab, List.of(
        ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "PLA"),
        ChargeRequest.of("3dprint", "nethzuser", "2.00", "CHF", "PLA")));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.charge().locked()).isTrue());
    assertThat(directory.isLocked(NETHZ)).isTrue();
  }

  @Test
  @DisplayName("a batch larger than MAX_BATCH is refused whole with batch_too_large")
  void tooLargeBatch() {
    List<ChargeRequest> batch = Collections.nCopies(CreditService.MAX_BATCH + 1,
        ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "PLA"));

    assertThatThrownBy(() -> credit.chargeAll(raplab, batch))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.BATCH_TOO_LARGE));
    assertThat(credit.amountAvailable(NETHZ)).isEqualTo(chf("0.00"));
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }
}
