package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.AuthenticationException;
import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCategory;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.api.credit.StartDecision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CreditServiceTest {
  private final LabFixture lab = new LabFixture();
  private static final Username NETHZ = Username.of("nethzuser");

  @AfterEach
  void close() {
    lab.close();
  }

  private Money chf(String amount) {
    return Money.of(amount, "CHF");
  }

  @Nested
  @DisplayName("charging")
  class Charging {
    @Test
    @DisplayName("a charge is booked and returned with the new balance")
    void chargeReturnsNewBalance() {
      lab.deposit("nethzuser", "20.00");
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "4.20"));

      assertThat(charge.amount()).isEqualTo(chf("4.20"));
      assertThat(charge.balance()).isEqualTo(chf("15.80"));
      assertThat(charge.locked()).isFalse();
      assertThat(charge.service()).isEqualTo(ServiceName.of("3dprint"));
      assertThat(charge.entry().principal()).isEqualTo("raplab");
      assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("15.80"));
    }

    @Test
    @DisplayName("raw admin credentials work for one-shot calls")
    void oneShotCredentials() {
      Charge charge = lab.credit.chargeUser("raplab", Secret.of("verygeheim"), lab.print("nethzuser", "1.00"));

      assertThat(charge.balance()).isEqualTo(chf("-1.00"));
    }

    @Test
    @DisplayName("a charge of exactly the service maximum is allowed")
    void maximumIsInclusive() {
      assertThat(lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "500.00")).amount()).isEqualTo(chf("500.00"));
    }

    @Test
    @DisplayName("the booking text is kept, trimmed")
    void commentKept() {
      Charge charge = lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "  job 42 "));

      assertThat(charge.entry().comment()).isEqualTo("job 42");
    }
  }

  @Nested
  @DisplayName("refused charges")
  class Refused {
    private void assertRefused(Runnable call, Class<? extends UncloudException> type, String code, ErrorCategory category) {
      int before = lab.ledger.size();
      assertThatThrownBy(call::run)
          .isInstanceOf(type)
          .satisfies(e -> {
            UncloudException u = (UncloudException) e;
            assertThat(u.errorCode()).isEqualTo(code);
            assertThat(u.category()).isEqualTo(category);
            assertThat(u.getMessage()).doesNotContain("verygeheim").doesNotContain("vppgeheim");
          });
      assertThat(lab.ledger.size()).as("nothing booked").isEqualTo(before);
    }

    @Test
    @DisplayName("a wrong admin password is bad credentials (401)")
    void wrongPassword() {
      assertRefused(() -> lab.credit.chargeUser("raplab", Secret.of("wrong"), lab.print("nethzuser", "1.00")),
          BadCredentialsException.class, "bad_credentials", ErrorCategory.BAD_CREDENTIALS);
    }

    @Test
    @DisplayName("an unknown admin is bad credentials with the same message as a wrong password")
    void unknownAdmin() {
      BadCredentialsException unknown = catchBad(() -> lab.credit.authenticate("mallory", Secret.of("x")));
      BadCredentialsException wrong = catchBad(() -> lab.credit.authenticate("raplab", Secret.of("x")));

      assertThat(unknown.reason()).isEqualTo(BadCredentialsException.Reason.UNKNOWN_NAME);
      assertThat(wrong.reason()).isEqualTo(BadCredentialsException.Reason.WRONG_PASSWORD);
      assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
    }

    @Test
    @DisplayName("an empty admin password is refused")
    void emptyPassword() {
      assertRefused(() -> lab.credit.authenticate("raplab", Secret.of("")),
          BadCredentialsException.class, "bad_credentials", ErrorCategory.BAD_CREDENTIALS);
    }

    @Test
    @DisplayName("an admin charging a service it does not own is forbidden (403)")
    void notOwner() {
      assertRefused(() -> lab.credit.chargeUser(lab.vppadmin(), lab.print("nethzuser", "1.00")),
          ForbiddenException.class, "not_service_owner", ErrorCategory.FORBIDDEN);
    }

    @Test
    @DisplayName("an unknown service is not found (404), even for an admin who owns other services")
    void unknownService() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("milling", "nethzuser", "1.00", "CHF", "x")),
          NotFoundException.class, "unknown_service", ErrorCategory.NOT_FOUND);
    }

    @Test
    @DisplayName("an unknown user is not found (404)")
    void unknownUser() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nobody", "1.00")),
          NotFoundException.class, "unknown_user", ErrorCategory.NOT_FOUND);
    }

    @Test
    @DisplayName("a zero amount is refused")
    void zero() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "0.00")),
          InvalidRequestException.class, "amount_not_positive", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("minus zero is refused as zero")
    void minusZero() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "-0")),
          InvalidRequestException.class, "amount_not_positive", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("a negative amount is refused")
    void negative() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "-5.00")),
          InvalidRequestException.class, "amount_not_positive", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("an amount above the service maximum is refused")
    void aboveMaximum() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "500.01")),
          InvalidRequestException.class, "amount_above_maximum", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("an amount in another currency is refused")
    void wrongCurrency() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "EUR", "x")),
          InvalidRequestException.class, "currency_mismatch", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("more decimals than the currency has are refused, never rounded")
    void tooManyDecimals() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "0.001")),
          InvalidRequestException.class, "too_many_decimals", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("a decimal comma is a malformed amount")
    void decimalComma() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "10,50")),
          InvalidRequestException.class, "malformed_amount", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("a missing or blank booking text is refused")
    void missingComment() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", null)),
          InvalidRequestException.class, "comment_missing", ErrorCategory.INVALID_REQUEST);
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "  ")),
          InvalidRequestException.class, "comment_missing", ErrorCategory.INVALID_REQUEST);
    }

    @Test
    @DisplayName("a booking text over 500 characters is refused; 500 is fine")
    void overlongComment() {
      assertRefused(() -> lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "x".repeat(501))),
          InvalidRequestException.class, "comment_too_long", ErrorCategory.INVALID_REQUEST);
      assertThat(lab.credit.chargeUser(lab.raplab(), ChargeRequest.of("3dprint", "nethzuser", "1.00", "CHF", "x".repeat(500))))
          .isNotNull();
    }

    @Test
    @DisplayName("an expired session must authenticate again")
    void expiredSession() {
      AdminSession session = lab.raplab();
      lab.clock.advance(Duration.ofHours(2));

      assertRefused(() -> lab.credit.chargeUser(session, lab.print("nethzuser", "1.00")),
          AuthenticationException.class, "session_expired", ErrorCategory.BAD_CREDENTIALS);
    }

    @Test
    @DisplayName("a session from another credit service is not accepted")
    void foreignSession() {
      try (LabFixture other = new LabFixture()) {
        AdminSession foreign = other.raplab();
        assertRefused(() -> lab.credit.chargeUser(foreign, lab.print("nethzuser", "1.00")),
            AuthenticationException.class, "session_expired", ErrorCategory.BAD_CREDENTIALS);
      }
    }

    private BadCredentialsException catchBad(Runnable call) {
      try {
        call.run();
      } catch (BadCredentialsException e) {
        return e;
      }
      throw new AssertionError("expected bad credentials");
    }
  }

  @Nested
  @DisplayName("overdraft and the lock flag")
  class Overdraft {
    @Test
    @DisplayName("a charge below zero succeeds and locks the account in the directory")
    void overdraftLocks() {
      lab.deposit("nethzuser", "20.00");
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "25.00"));

      assertThat(charge.balance()).isEqualTo(chf("-5.00"));
      assertThat(charge.locked()).isTrue();
      assertThat(lab.directory.isLocked(NETHZ)).isTrue();
      assertThat(lab.credit.mayStart(ServiceName.of("3dprint"), NETHZ)).isEqualTo(new StartDecision(false, "locked"));
    }

    @Test
    @DisplayName("a deposit that clears the debt to exactly zero unlocks")
    void depositUnlocks() {
      lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "5.00"));
      Charge deposit = lab.credit.deposit(lab.bursar(), DepositRequest.of("nethzuser", "5.00", "CHF", "cash"));

      assertThat(deposit.balance()).isEqualTo(chf("0.00"));
      assertThat(deposit.locked()).isFalse();
      assertThat(lab.directory.isLocked(NETHZ)).isFalse();
    }

    @Test
    @DisplayName("a deposit that leaves debt keeps the lock")
    void partialDepositKeepsLock() {
      lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "5.00"));
      lab.deposit("nethzuser", "4.99");

      assertThat(lab.directory.isLocked(NETHZ)).isTrue();
    }

    @Test
    @DisplayName("the flag is written only when it changes")
    void writesOnlyChanges() {
      int before = lab.directory.lockWrites();
      for (int i = 0; i < 5; i++) {
        lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "1.00"));
      }

      assertThat(lab.directory.lockWrites() - before).isEqualTo(1);
    }

    @Test
    @DisplayName("a failed flag write leaves the charge standing, says the flag is pending, and reconcileLocks repairs it")
    void failedFlagWriteIsRepaired() {
      lab.directory.failNextLockWrites(1);
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "3.00"));

      assertThat(charge.balance()).isEqualTo(chf("-3.00"));
      assertThat(charge.locked()).isTrue();
      assertThat(charge.lockPending()).isTrue();
      assertThat(lab.directory.isLocked(NETHZ)).isFalse();

      LockReconciliation result = lab.credit.reconcileLocks();

      assertThat(result.corrected()).containsExactly(NETHZ);
      assertThat(result.failed()).isEmpty();
      assertThat(lab.directory.isLocked(NETHZ)).isTrue();
      assertThat(lab.credit.reconcileLocks().corrected()).isEmpty();
      assertThat(lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "1.00")).lockPending()).isFalse();
    }

    @Test
    @DisplayName("the lock reconciler repairs a pending flag in the background, at start and then every interval")
    void reconcilerRepairsPendingFlags() throws InterruptedException {
      lab.directory.failNextLockWrites(2); // the write after the charge and the reconciler's first run
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "3.00"));

      try (LockReconciler reconciler = LockReconciler.start(lab.credit, Duration.ofMillis(50))) {
        for (int i = 0; i < 200 && !lab.directory.isLocked(NETHZ); i++) {
          Thread.sleep(25);
        }
      }

      assertThat(charge.lockPending()).isTrue();
      assertThat(lab.directory.isLocked(NETHZ)).isTrue();
    }

    @Test
    @DisplayName("reconcileLocks reports a flag it still cannot write")
    void reconcileReportsFailures() {
      lab.directory.failNextLockWrites(2);
      lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "3.00"));

      assertThat(lab.credit.reconcileLocks().failed()).containsExactly(NETHZ);
    }
  }

  @Nested
  @DisplayName("deposits and reversals")
  class Reversals {
    @Test
    @DisplayName("only owners of the cashier service may deposit")
    void depositNeedsOwner() {
      assertThatThrownBy(() -> lab.credit.deposit(lab.raplab(), DepositRequest.of("nethzuser", "5.00", "CHF", "x")))
          .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
    }

    @Test
    @DisplayName("an owner reverses a charge once, restoring the balance")
    void reverseOnce() {
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "8.00"));
      Charge storno = lab.credit.reverse(lab.raplab(), charge.id(), "misprint", null);

      assertThat(storno.balance()).isEqualTo(chf("0.00"));
      assertThat(storno.locked()).isFalse();
      assertThat(storno.entry().reverses()).isEqualTo(charge.id());
      assertThat(lab.directory.isLocked(NETHZ)).isFalse();
      assertThatThrownBy(() -> lab.credit.reverse(lab.raplab(), charge.id(), "again", null))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "already_reversed")
          .extracting(e -> ((UncloudException) e).category()).isEqualTo(ErrorCategory.CONFLICT);
    }

    @Test
    @DisplayName("another provider's charge is answered exactly like a charge that does not exist")
    void reverseOnlyOwnService() {
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "8.00"));
      EntryId missing = EntryId.random();

      UncloudException foreign = catchUncloud(() -> lab.credit.reverse(lab.vppadmin(), charge.id(), "not mine", null));
      UncloudException absent = catchUncloud(() -> lab.credit.reverse(lab.vppadmin(), missing, "not mine", null));

      assertThat(foreign).isInstanceOf(NotFoundException.class);
      assertThat(foreign.errorCode()).isEqualTo("unknown_charge").isEqualTo(absent.errorCode());
      assertThat(foreign.category()).isEqualTo(absent.category());
      assertThat(foreign.getMessage().replace(charge.id().toString(), "ID"))
          .isEqualTo(absent.getMessage().replace(missing.toString(), "ID"));
      assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("-8.00"));
    }

    @Test
    @DisplayName("reversing an unknown charge is not found; reversing a reversal is refused")
    void reverseErrors() {
      assertThatThrownBy(() -> lab.credit.reverse(lab.raplab(), EntryId.of("nope"), "x", null))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_charge");
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "8.00"));
      Charge storno = lab.credit.reverse(lab.raplab(), charge.id(), "misprint", null);
      assertThatThrownBy(() -> lab.credit.reverse(lab.raplab(), storno.id(), "undo", null))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "not_reversible");
    }

    @Test
    @DisplayName("a retried reversal with the same key returns the first reversal")
    void reversalIdempotent() {
      Charge charge = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "8.00"));
      Charge first = lab.credit.reverse(lab.raplab(), charge.id(), "misprint", IdempotencyKey.of("st-1"));
      Charge again = lab.credit.reverse(lab.raplab(), charge.id(), "misprint", IdempotencyKey.of("st-1"));

      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.replayed()).isTrue();
    }
  }

  @Nested
  @DisplayName("idempotency")
  class Idempotency {
    @Test
    @DisplayName("the same key and payload returns the first charge and books nothing new")
    void replay() {
      Charge first = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "2.00").withIdempotencyKey("job-1"));
      Charge again = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "2.00").withIdempotencyKey("job-1"));

      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.replayed()).isTrue();
      assertThat(again.balance()).isEqualTo(chf("-2.00"));
      assertThat(lab.ledger.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("the same key with another payload is a conflict (409)")
    void conflict() {
      lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "2.00").withIdempotencyKey("job-2"));

      assertThatThrownBy(() -> lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "3.00").withIdempotencyKey("job-2")))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict")
          .extracting(e -> ((UncloudException) e).category()).isEqualTo(ErrorCategory.CONFLICT);
      assertThat(lab.credit.amountAvailable(NETHZ)).isEqualTo(chf("-2.00"));
    }
  }

  @Nested
  @DisplayName("may this user start a job?")
  class MayStart {
    @Test
    @DisplayName("a user in good standing who matches the rule may start")
    void allowed() {
      assertThat(lab.credit.mayStart(ServiceName.of("lasercutter"), NETHZ)).isEqualTo(new StartDecision(true, "ok"));
    }

    @Test
    @DisplayName("a first-year student may not use the laser cutter but may print")
    void notAuthorized() {
      Username erst = Username.of("erstsemester");
      assertThat(lab.credit.mayStart(ServiceName.of("lasercutter"), erst)).isEqualTo(new StartDecision(false, "not_authorized"));
      assertThat(lab.credit.mayStart(ServiceName.of("3dprint"), erst).allowed()).isTrue();
    }

    @Test
    @DisplayName("a user whose directory flag is set may not start")
    void lockedByFlag() {
      assertThat(lab.credit.mayStart(ServiceName.of("3dprint"), Username.of("schuldner")).reason()).isEqualTo("locked");
    }

    @Test
    @DisplayName("unknown services and users are errors, not a silent no")
    void unknowns() {
      assertThatThrownBy(() -> lab.credit.mayStart(ServiceName.of("milling"), NETHZ)).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_service");
      assertThatThrownBy(() -> lab.credit.mayStart(ServiceName.of("3dprint"), Username.of("nobody")))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_user");
    }
  }

  @Nested
  @DisplayName("who may read an account")
  class Reading {
    @Test
    @DisplayName("an owner of any service reads balances; start decisions only for the services it owns")
    void ownersRead() {
      assertThat(lab.credit.status(lab.vppadmin(), NETHZ).balance()).isEqualTo(chf("0.00"));
      assertThat(lab.credit.mayStart(lab.raplab(), ServiceName.of("lasercutter"), NETHZ).allowed()).isTrue();
      assertThatThrownBy(() -> lab.credit.mayStart(lab.vppadmin(), ServiceName.of("lasercutter"), NETHZ))
          .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
      assertThatThrownBy(() -> lab.credit.mayStart(lab.vppadmin(), ServiceName.of("milling"), NETHZ))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_service");
    }

    @Test
    @DisplayName("an admin who owns no service reads nothing, unless named a reader")
    void readersAndOthers() {
      try (Uncloud uncloud = UncloudCore.builder().ledger(ch.uncloud.testkit.InMemoryLedger.create())
          .directory(ch.uncloud.testkit.InMemoryAccountDirectory.withContractFixture())
          .admin("helpdesk", Secret.of("helpgeheim")).admin("intern", Secret.of("interngeheim"))
          .readers("helpdesk")
          .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
          .build()) {
        CreditService credit = uncloud.credit();
        AdminSession helpdesk = credit.authenticate("helpdesk", Secret.of("helpgeheim"));
        AdminSession intern = credit.authenticate("intern", Secret.of("interngeheim"));

        assertThat(credit.status(helpdesk, NETHZ).locked()).isFalse();
        assertThat(credit.mayStart(helpdesk, ServiceName.of("3dprint"), NETHZ).allowed()).isTrue();
        assertThatThrownBy(() -> credit.status(intern, NETHZ))
            .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
        assertThatThrownBy(() -> credit.mayStart(intern, ServiceName.of("3dprint"), NETHZ))
            .isInstanceOf(ForbiddenException.class);
      }
    }

    @Test
    @DisplayName("directory users log in as admins only as members of the configured group")
    void directoryAdminsNeedTheGroup() {
      try (Uncloud uncloud = UncloudCore.builder().ledger(ch.uncloud.testkit.InMemoryLedger.create())
          .directory(ch.uncloud.testkit.InMemoryAccountDirectory.withContractFixture())
          .directoryAdmins("lab-admins")
          .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
          .build()) {
        CreditService credit = uncloud.credit();

        assertThat(credit.authenticate("raplab", Secret.of("verygeheim")).owns(ServiceName.of("3dprint"))).isTrue();
        assertThatThrownBy(() -> credit.authenticate("nethzuser", Secret.of("nethzpass")))
            .isInstanceOf(BadCredentialsException.class);
      }
    }
  }

  @Nested
  @DisplayName("quarterly settlement")
  class Settlements {
    @Test
    @DisplayName("a quarter's charges, reversals and net are totalled per service in the service's zone")
    void settlement() {
      lab.clock.set(Instant.parse("2026-09-30T21:59:59Z")); // 23:59:59 in Zurich: Q3
      lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "1.00"));
      lab.clock.set(Instant.parse("2026-09-30T22:00:00Z")); // midnight in Zurich: Q4
      Charge a = lab.credit.chargeUser(lab.raplab(), lab.print("nethzuser", "10.00"));
      lab.credit.chargeUser(lab.raplab(), lab.print("erstsemester", "2.50"));
      lab.credit.chargeUser(lab.vppadmin(), ChargeRequest.of("vpp-print", "nethzuser", "7.00", "CHF", "poster"));
      lab.credit.reverse(lab.raplab(), a.id(), "misprint", null);

      Settlement q4 = lab.credit.settlement(lab.raplab(), ServiceName.of("3dprint"), Quarter.parse("2026-Q4"));

      assertThat(q4.charged()).isEqualTo(chf("12.50"));
      assertThat(q4.reversed()).isEqualTo(chf("10.00"));
      assertThat(q4.net()).isEqualTo(chf("2.50"));
      assertThat(q4.lines()).hasSize(3);
      assertThat(lab.credit.settlement(lab.raplab(), ServiceName.of("3dprint"), Quarter.parse("2026-Q3")).net())
          .isEqualTo(chf("1.00"));
    }

    @Test
    @DisplayName("only an owner may read a service's settlement")
    void ownerOnly() {
      assertThatThrownBy(() -> lab.credit.settlement(lab.vppadmin(), ServiceName.of("3dprint"), Quarter.parse("2026-Q4")))
          .isInstanceOf(ForbiddenException.class).hasFieldOrPropertyWithValue("errorCode", "not_service_owner");
    }
  }

  @Test
  @DisplayName("an admin session's text shows no password")
  void sessionHidesSecrets() {
    assertThat(lab.raplab().toString()).contains("raplab").doesNotContain("verygeheim");
  }

  private static UncloudException catchUncloud(Runnable call) {
    try {
      call.run();
    } catch (UncloudException e) {
      return e;
    }
    throw new AssertionError("expected an UncloudException");
  }
}
