package ch.uncloud.api.credit;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
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
 * @param pot {@link Pot#SPLIT} for an ordinary entry; {@link Pot#QUOTA} for a grant (a deposit) or a
 *     lapse (a charge) in the quota pot alone
 * @param quotaBound for a grant, the most the quota pot may hold after it (its cap: the ledger books
 *     less, down to zero, so the pot does not pass it); for a lapse, the least the pot keeps (the
 *     later grants' part of it, so a lapse takes only what is left of its own grant); otherwise
 *     {@code null}
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
    Money floor,
    Pot pot,
    Money quotaBound) {

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
   * @param pot {@link Pot#SPLIT} for an ordinary entry; {@link Pot#QUOTA} for a grant or a lapse
   * @param quotaBound for a grant, the most the quota pot may hold after it; for a lapse, the least it
   *     keeps; otherwise {@code null}
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
    Objects.requireNonNull(pot, "pot");
    if (pot == Pot.QUOTA && (kind == EntryKind.REVERSAL || floor != null)) {
      throw new IllegalArgumentException("only a grant (deposit) or a lapse (charge) books into the quota pot alone");
    }
    if (quotaBound != null && (pot != Pot.QUOTA || !quotaBound.currency().equals(delta.currency())
        || quotaBound.isNegative())) {
      throw new IllegalArgumentException("only a grant or a lapse has a quota bound, in its own currency, at or above zero");
    }
  }

  /**
   * An ordinary entry, booked into both pots by the ledger's rule.
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
  public NewEntry(EntryId id, EntryKind kind, ServiceName service, Username account, Money delta, String comment,
      String principal, Instant bookedAt, IdempotencyKey idempotencyKey, EntryId reverses, Money floor) {
    this(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses, floor, Pot.SPLIT,
        null);
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
    this(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses, null, Pot.SPLIT,
        null);
  }

  /**
   * @param newFloor the lowest the available amount may be after this charge, or {@code null}
   * @return a copy with that floor
   */
  public NewEntry withFloor(Money newFloor) {
    return new NewEntry(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses,
        newFloor, pot, quotaBound);
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
   * The part of this entry in the quota pot, by the rule every ledger applies atomically with the
   * booking: a charge takes what the pot holds, up to its amount (a lapse: what it holds above its
   * bound); a grant adds its amount, but no more than brings the pot to its cap (its bound); a deposit is paid credit; a reversal returns the
   * reversed entry's quota part to the pot, and is refused if that would take the pot below zero (a
   * grant part of which is spent).
   *
   * @param quotaBefore the account's quota pot before this entry
   * @param reversedQuotaPart for a reversal, the quota part of the entry it undoes; otherwise ignored
   * @return the signed quota part
   * @throws InvalidRequestException ({@code not_reversible}) if this reversal would drive the quota pot
   *     below zero
   */
  public Money quotaPart(Money quotaBefore, Money reversedQuotaPart) {
    Money zero = Money.zero(delta.currency());
    return switch (kind) {
      case CHARGE -> min(delta.negate(), max(quotaBound == null ? quotaBefore : quotaBefore.minus(quotaBound), zero))
          .negate();
      case DEPOSIT -> pot == Pot.SPLIT ? zero
          : quotaBound == null ? delta : min(delta, max(quotaBound.minus(quotaBefore), zero));
      case REVERSAL -> reversedQuotaPart == null ? zero : reversalPart(quotaBefore, reversedQuotaPart.negate());
    };
  }

  private Money reversalPart(Money quotaBefore, Money part) {
    if (quotaBefore.plus(part).isNegative()) {
      throw new InvalidRequestException(ErrorCodes.NOT_REVERSIBLE, "entry " + reverses + " put " + part.negate()
          + " into the quota pot of " + account + ", which holds " + quotaBefore + " now: quota already spent cannot "
          + "be taken back; leave the grant, what is left of it lapses at the end of its period");
    }
    return part;
  }

  /**
   * @param quotaPart this entry's quota part, from {@link #quotaPart}
   * @return the change of the balance as booked: the requested delta, or for a quota entry its quota part
   */
  public Money bookedDelta(Money quotaPart) {
    return pot == Pot.QUOTA ? quotaPart : delta;
  }

  /**
   * @param balanceBefore the account's balance before this entry
   * @param quotaBefore the account's quota pot before this entry
   * @param reversedQuotaPart for a reversal, the quota part of the entry it undoes; otherwise ignored
   * @return the entry as the ledger stores it, split between the pots
   */
  public LedgerEntry bookedAgainst(Money balanceBefore, Money quotaBefore, Money reversedQuotaPart) {
    Money quotaPart = quotaPart(quotaBefore, reversedQuotaPart);
    return toEntry(balanceBefore.plus(bookedDelta(quotaPart)), quotaPart, quotaBefore.plus(quotaPart));
  }

  /**
   * @param balanceAfter the account's balance after this entry
   * @param quotaPart its part in the quota pot, from {@link #quotaPart}
   * @param quotaAfter the account's quota pot after it
   * @return the entry as the ledger stores it
   */
  public LedgerEntry toEntry(Money balanceAfter, Money quotaPart, Money quotaAfter) {
    return new LedgerEntry(id, kind, service, account, bookedDelta(quotaPart), comment, principal, bookedAt,
        idempotencyKey, reverses, balanceAfter, pot, quotaPart, quotaAfter);
  }

  private static Money min(Money a, Money b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Money max(Money a, Money b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

}
