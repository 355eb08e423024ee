package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable booking in the append-only ledger. Balances, bills and settlement reports are all
 * computed from these entries; nothing is ever updated or deleted.
 *
 * @param id the entry's id
 * @param kind charge, deposit or reversal
 * @param service the service (provider) that booked it
 * @param account the user whose balance it changes
 * @param delta the signed change of the balance: negative for a charge, positive for a deposit,
 *     the opposite of the reversed entry's delta for a reversal
 * @param comment the booking text
 * @param principal the admin (or system component) that booked it
 * @param bookedAt when it was booked
 * @param idempotencyKey the caller's key, or {@code null}
 * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
 * @param balanceAfter the account's balance right after this entry, in the entry's currency
 * @param pot the pots it books into: both by the ledger's rule, or the quota pot only (a grant or a lapse)
 * @param quotaDelta the part of {@code delta} in the quota pot; the rest is paid credit
 * @param quotaAfter the account's quota pot right after this entry
 */
public record LedgerEntry(
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
    Money balanceAfter,
    Pot pot,
    Money quotaDelta,
    Money quotaAfter) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param id the entry's id
   * @param kind charge, deposit or reversal
   * @param service the service (provider) that booked it
   * @param account the user whose balance it changes
   * @param delta the signed change of the balance: negative for a charge, positive for a deposit, the opposite of the reversed entry's delta for a reversal
   * @param comment the booking text
   * @param principal the admin (or system component) that booked it
   * @param bookedAt when it was booked
   * @param idempotencyKey the caller's key, or {@code null}
   * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
   * @param balanceAfter the account's balance right after this entry, in the entry's currency
   * @param pot the pots it books into: both by the ledger's rule, or the quota pot only (a grant or a lapse)
   * @param quotaDelta the part of {@code delta} in the quota pot; the rest is paid credit
   * @param quotaAfter the account's quota pot right after this entry
   */
  public LedgerEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(bookedAt, "bookedAt");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
    Objects.requireNonNull(pot, "pot");
    Objects.requireNonNull(quotaDelta, "quotaDelta");
    Objects.requireNonNull(quotaAfter, "quotaAfter");
    if (pot == Pot.QUOTA ? !quotaDelta.equals(delta) : !isPartOf(quotaDelta, delta)) {
      throw new IllegalArgumentException("the quota part " + quotaDelta + " is not a part of " + delta);
    }
    if (pot == Pot.QUOTA && !(delta.isZero() || kind == EntryKind.DEPOSIT || kind == EntryKind.CHARGE)) {
      throw new IllegalArgumentException("only a grant (deposit) or a lapse (charge) books into the quota pot alone");
    }
    checkShape(kind, pot == Pot.QUOTA && delta.isZero() ? null : delta, reverses);
  }

  /**
   * An entry in paid credit only, as every entry was before quotas.
   *
   * @param id the entry's id
   * @param kind charge, deposit or reversal
   * @param service the service (provider) that booked it
   * @param account the user whose balance it changes
   * @param delta the signed change of the balance
   * @param comment the booking text
   * @param principal the admin (or system component) that booked it
   * @param bookedAt when it was booked
   * @param idempotencyKey the caller's key, or {@code null}
   * @param reverses for a reversal, the entry it undoes; otherwise {@code null}
   * @param balanceAfter the account's balance right after this entry, in the entry's currency
   */
  public LedgerEntry(EntryId id, EntryKind kind, ServiceName service, Username account, Money delta, String comment,
      String principal, Instant bookedAt, IdempotencyKey idempotencyKey, EntryId reverses, Money balanceAfter) {
    this(id, kind, service, account, delta, comment, principal, bookedAt, idempotencyKey, reverses, balanceAfter,
        Pot.SPLIT, Money.zero(delta.currency()), Money.zero(delta.currency()));
  }

  /**
   * @return the part of {@code delta} in paid credit
   */
  public Money creditDelta() {
    return delta.minus(quotaDelta);
  }

  /**
   * @return the account's paid credit right after this entry (its balance less its quota pot)
   */
  public Money creditAfter() {
    return balanceAfter.minus(quotaAfter);
  }

  private static boolean isPartOf(Money part, Money whole) {
    return part.isZero() || part.signum() == whole.signum()
        && part.amount().abs().compareTo(whole.amount().abs()) <= 0;
  }

  /** @param delta the change, or {@code null} for a quota entry of zero (a grant at its cap, a lapse of nothing) */
  static void checkShape(EntryKind kind, Money delta, EntryId reverses) {
    if ((kind == EntryKind.REVERSAL) != (reverses != null)) {
      throw new IllegalArgumentException("a reversal, and only a reversal, names the entry it reverses");
    }
    if (delta == null) {
      return;
    }
    if (kind == EntryKind.CHARGE && !delta.isNegative() || kind == EntryKind.DEPOSIT && !delta.isPositive()
        || kind == EntryKind.REVERSAL && delta.isZero()) {
      throw new IllegalArgumentException(kind + " with delta " + delta + " has the wrong sign");
    }
  }

  /**
   * @return the caller's idempotency key, if one was given
   */
  public Optional<IdempotencyKey> idempotencyKeyIfAny() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * @return the reversed entry's id, for a reversal
   */
  public Optional<EntryId> reversesIfAny() {
    return Optional.ofNullable(reverses);
  }

  /**
   * Whether this entry records the same booking as a request, ignoring the ids and times the
   * ledger assigns. Used to tell an idempotent retry from a conflicting reuse of a key.
   *
   * @param request the request to compare
   * @return true if kind, service, account, delta, comment, principal, reversed entry and pot match (a
   *     quota entry's delta is what its cap or the pot allowed, so its requested delta is not compared)
   */
  public boolean samePayloadAs(NewEntry request) {
    return kind == request.kind()
        && service.equals(request.service())
        && account.equals(request.account())
        && (pot == Pot.QUOTA || delta.equals(request.delta()))
        && comment.equals(request.comment())
        && principal.equals(request.principal())
        && Objects.equals(reverses, request.reverses())
        && pot == request.pot();
  }
}
