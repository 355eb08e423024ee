package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Objects;

/**
 * A booking to append to the ledger; the ledger adds the resulting balance.
 *
 * @param id the id the entry will have (the ledger keeps the first one on an idempotent replay)
 * @param kind charge, deposit or reversal
 * @param service the booking service
 * @param account the user whose balance changes
 * @param delta the signed change of the balance
 * @param comment the booking text
 * @param principal the admin or component that books it
 * @param bookedAt the booking time
 * @param idempotencyKey the caller's key, or {@code null}
 * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
 * @param floor for a charge, the lowest the account's available amount (balance less open holds) may
 *     be after it, checked by the ledger atomically with the booking; {@code null}: no limit
 */
public record NewEntry(
    EntryId id,
    EntryKind kind,
    ServiceName service,
    Username account,
    Money delta,
    String comment,
    String principal,
    Instant bookedAt,
    IdempotencyKey idempotencyKey,
    EntryId reverses,
    Money floor) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param id the id the entry will have (the ledger keeps the first one on an idempotent replay)
   * @param kind charge, deposit or reversal
   * @param service the booking service
   * @param account the user whose balance changes
   * @param delta the signed change of the balance
   * @param comment the booking text
   * @param principal the admin or component that books it
   * @param bookedAt the booking time
   * @param idempotencyKey the caller's key, or {@code null}
   * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
   * @param floor for a charge, the lowest the available amount may be after it; {@code null}: no limit
   */
  public NewEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(bookedAt, "bookedAt");
    LedgerEntry.checkShape(kind, delta, reverses);
    if (floor != null && (kind != EntryKind.CHARGE || !floor.currency().equals(delta.currency()) || floor.isPositive())) {
      throw new IllegalArgumentException("only a charge has a floor, in its own currency, at or below zero");
    }
  }

  /**
   * An entry without a floor (no credit limit).
   *
   * @param id the id the entry will have (the ledger keeps the first one on an idempotent replay)
   * @param kind charge, deposit or reversal
   * @param service the booking service
   * @param account the user whose balance changes
   * @param delta the signed change of the balance
   * @param comment the booking text
   * @param principal the admin or component that books it
   * @param bookedAt the booking time
   * @param idempotencyKey the caller's key, or {@code null}
   * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
   */
  public NewEntry(EntryId id, EntryKind kind, ServiceName service, Username account, Money delta, String comment,
      String principal, Instant bookedAt, IdempotencyKey idempotencyKey, EntryId reverses) {
    this(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses, null);
  }

  /**
   * @param newFloor the lowest the available amount may be after this charge, or {@code null}
   * @return a copy with that floor
   */
  public NewEntry withFloor(Money newFloor) {
    return new NewEntry(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses,
        newFloor);
  }

  /**
   * @param availableBefore the account's available amount (balance less open holds) before this entry
   * @throws InsufficientFundsException if this entry has a floor and would take the available amount below it
   */
  public void checkFloor(Money availableBefore) {
    if (floor != null && availableBefore.plus(delta).compareTo(floor) < 0) {
      throw new InsufficientFundsException(availableBefore, floor.negate(), "a charge of " + delta.negate());
    }
  }

  /**
   * @param balanceAfter the account's balance after this entry
   * @return the entry as the ledger stores it
   */
  public LedgerEntry toEntry(Money balanceAfter) {
    return new LedgerEntry(id, kind, service, account, delta, comment, principal, bookedAt,
        idempotencyKey, reverses, balanceAfter);
  }
}
