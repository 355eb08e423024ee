package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.credit.HoldState;
import ch.uncloud.api.credit.StartDecision;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HoldTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final ServiceName PRINT = ServiceName.of("3dprint");
  private final LabFixture lab = new LabFixture();

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  @DisplayName("a hold lowers what is available but not the balance, and never locks, even beyond the balance")
  void holdNeverLocks() {
    lab.deposit("nethzuser", "5.00");
    Hold hold = lab.credit.reserve(lab.raplab(), request("8.00"));

    assertThat(hold.state(lab.clock.instant())).isEqualTo(HoldState.OPEN);
    assertThat(lab.credit.status(NETHZ).balance()).isEqualTo(chf("5.00"));
    assertThat(lab.credit.status(NETHZ).held()).isEqualTo(chf("8.00"));
    assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("-3.00"));
    assertThat(lab.credit.status(NETHZ).locked()).isFalse();
    assertThat(lab.directory.isLocked(NETHZ)).isFalse();
    assertThat(lab.credit.mayStart(PRINT, NETHZ)).isEqualTo(StartDecision.INSUFFICIENT_FUNDS);
  }

  @Test
  @DisplayName("a capture books the charge (with the lock rule) and ends the hold; a retry replays it, another amount is hold_closed")
  void captureBooksOnce() {
    Hold hold = lab.credit.reserve(lab.raplab(), request("8.00"));
    Charge charge = lab.credit.capture(lab.raplab(), hold.id(), chf("6.40"), "17 minutes");

    assertThat(charge.balance()).isEqualTo(chf("-6.40"));
    assertThat(charge.locked()).isTrue();
    assertThat(charge.entry().comment()).isEqualTo("17 minutes");
    assertThat(lab.credit.status(NETHZ).held()).isEqualTo(chf("0"));
    assertThat(lab.credit.capture(lab.raplab(), hold.id(), chf("6.40"), null).replayed()).isTrue();
    assertThatThrownBy(() -> lab.credit.capture(lab.raplab(), hold.id(), chf("7.00"), null))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "hold_closed");
    assertThat(lab.ledger.entries(NETHZ)).hasSize(1);
  }

  @Test
  @DisplayName("a capture larger than the hold is capture_exceeds_hold and books nothing")
  void captureAboveHold() {
    Hold hold = lab.credit.reserve(lab.raplab(), request("2.00"));

    assertThatThrownBy(() -> lab.credit.capture(lab.raplab(), hold.id(), chf("2.05"), null))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "capture_exceeds_hold");
    assertThat(lab.ledger.entries(NETHZ)).isEmpty();
  }

  @Test
  @DisplayName("a hold expires by the injected clock: it no longer counts and cannot be captured")
  void holdExpires() {
    Hold hold = lab.credit.reserve(lab.raplab(), request("4.00"));
    lab.clock.advance(Duration.ofMinutes(30));

    assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("0"));
    assertThatThrownBy(() -> lab.credit.capture(lab.raplab(), hold.id(), chf("1.00"), null))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "hold_closed");
    assertThat(lab.credit.release(lab.raplab(), hold.id()).state(lab.clock.instant())).isEqualTo(HoldState.EXPIRED);
  }

  @Test
  @DisplayName("a release frees the hold; a hold of another admin's service is unknown_hold, like a missing one")
  void releaseAndOwnership() {
    Hold hold = lab.credit.reserve(lab.raplab(), request("4.00"));

    assertThatThrownBy(() -> lab.credit.release(lab.vppadmin(), hold.id()))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_hold");
    assertThatThrownBy(() -> lab.credit.capture(lab.vppadmin(), hold.id(), chf("1.00"), null))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_hold");
    assertThat(lab.credit.release(lab.raplab(), hold.id()).state(lab.clock.instant())).isEqualTo(HoldState.RELEASED);
    assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("0"));
    assertThat(lab.credit.mayStart(PRINT, NETHZ)).isEqualTo(StartDecision.OK);
  }

  @Test
  @DisplayName("a reserve is idempotent per service and key; the key with another payload is idempotency_conflict")
  void reserveIdempotent() {
    Hold first = lab.credit.reserve(lab.raplab(), request("4.00").withIdempotencyKey("job-9"));

    assertThat(lab.credit.reserve(lab.raplab(), request("4.00").withIdempotencyKey("job-9")).id()).isEqualTo(first.id());
    assertThatThrownBy(() -> lab.credit.reserve(lab.raplab(), request("5.00").withIdempotencyKey("job-9")))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    assertThat(lab.credit.status(NETHZ).held()).isEqualTo(chf("4.00"));
  }

  @Test
  @DisplayName("a hold beyond a credit limit is insufficient_funds; a hold with a bad expiry is invalid_argument")
  void holdLimits() {
    try (LabFixture limited = new LabFixture(b -> b.creditLimit("nethzuser", "1.00"))) {
      limited.credit.reserve(limited.raplab(), request("0.60"));
      assertThatThrownBy(() -> limited.credit.reserve(limited.raplab(), request("0.50")))
          .isInstanceOfSatisfying(InsufficientFundsException.class,
              e -> assertThat(e.available()).isEqualTo(chf("-0.60")));
    }
    assertThatThrownBy(() -> lab.credit.reserve(lab.raplab(),
        new HoldRequest(PRINT, NETHZ, chf("1.00"), Duration.ZERO, "job", null)))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  private static HoldRequest request(String amount) {
    return new HoldRequest(PRINT, NETHZ, chf(amount), Duration.ofMinutes(30), "laser job", null);
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }
}
