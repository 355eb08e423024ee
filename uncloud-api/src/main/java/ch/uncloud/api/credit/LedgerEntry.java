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
    Money balanceAfter) {

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
    checkShape(kind, delta, reverses);
  }

  static void checkShape(EntryKind kind, Money delta, EntryId reverses) {
    if ((kind == EntryKind.REVERSAL) != (reverses != null)) {
      throw new IllegalArgumentException("a reversal, and only a reversal, names the entry it reverses");
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
   * @return true if kind, service, account, delta, comment, principal and reversed entry match
   */
  public boolean samePayloadAs(NewEntry request) {
    return kind == request.kind()
        && service.equals(request.service())
        && account.equals(request.account())
        && delta.equals(request.delta())
        && comment.equals(request.comment())
        && principal.equals(request.principal())
        && Objects.equals(reverses, request.reverses());
  }
}
