package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
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
    EntryId reverses) {

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
