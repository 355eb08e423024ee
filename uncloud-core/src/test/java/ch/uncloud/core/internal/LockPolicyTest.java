package ch.uncloud.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lock policy decides from the ledger as it is, not from the balance one change reported: two
 * changes of one account may come to it in the other order than they were booked.
 */
class LockPolicyTest {
  private static final Username ALICE = Username.of("alice");
  private static final Currency CHF = Currency.getInstance("CHF");
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private LockPolicy policy;

  @BeforeEach
  void setUp() {
    directory.addUser(ALICE.value(), "pw", Map.of());
    policy = new LockPolicy(ledger, directory, CHF, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("a charge's stale debt, announced after a deposit that cleared it, does not lock the account")
  void aStaleDebtAnnouncedLateDoesNotLock() {
    book(EntryKind.CHARGE, "-1.00");
    book(EntryKind.DEPOSIT, "2.00");

    LockPolicy.Outcome deposit = policy.afterChange(ALICE, chf("1.00"), NOW);
    LockPolicy.Outcome charge = policy.afterChange(ALICE, chf("-1.00"), NOW);

    assertThat(deposit.locked()).isFalse();
    assertThat(charge.locked()).isFalse();
    assertThat(directory.isLocked(ALICE)).isFalse();
    assertThat(directory.lockWrites()).isZero();
  }

  @Test
  @DisplayName("a stale debt announced first, with nothing remembered, is checked against the ledger before the flag is written")
  void aStaleDebtAnnouncedFirstIsChecked() {
    book(EntryKind.CHARGE, "-1.00");
    book(EntryKind.DEPOSIT, "2.00");

    LockPolicy.Outcome charge = policy.afterChange(ALICE, chf("-1.00"), NOW);

    assertThat(charge.locked()).isFalse();
    assertThat(directory.isLocked(ALICE)).isFalse();
    assertThat(directory.lockWrites()).isZero();
  }

  @Test
  @DisplayName("a stale credit announced after a charge that made a debt leaves the account locked")
  void aStaleCreditAnnouncedLateLeavesTheLock() {
    book(EntryKind.DEPOSIT, "1.00");
    book(EntryKind.CHARGE, "-3.00");

    LockPolicy.Outcome charge = policy.afterChange(ALICE, chf("-2.00"), NOW);
    LockPolicy.Outcome deposit = policy.afterChange(ALICE, chf("1.00"), NOW.plusSeconds(1));

    assertThat(charge.locked()).isTrue();
    assertThat(deposit.locked()).isTrue();
    assertThat(directory.isLocked(ALICE)).isTrue();
    assertThat(directory.lockWrites()).isEqualTo(1);
  }

  private void book(EntryKind kind, String amount) {
    ledger.post(new NewEntry(EntryId.random(), kind, ServiceName.of(kind == EntryKind.CHARGE ? "3dprint" : "deposits"),
        ALICE, chf(amount), kind.name().toLowerCase(java.util.Locale.ROOT), "test", NOW, null, null));
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }
}
