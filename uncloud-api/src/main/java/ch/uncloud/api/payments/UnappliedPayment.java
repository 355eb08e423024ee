package ch.uncloud.api.payments;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import java.time.Instant;
import java.util.Objects;

/**
 * A succeeded payment uncloud could not book because the account it names is not in the directory
 * (a signed top-up event for a name that does not exist). Nothing is booked for it until an admin
 * applies it to the right account; until then it is kept, durably, in the ledger's store, so the
 * money is neither lost nor booked for a stranger. Immutable.
 *
 * @param paymentId uncloud's id of the payment (e.g. {@code topup-...}), unique
 * @param account the account the payment provider named
 * @param amount what was paid
 * @param eventId the provider's event that reported it
 * @param receivedAt when uncloud received it
 * @param appliedTo the account it was booked on by an admin, or {@code null} while unapplied
 * @param entry the deposit booked for it, or {@code null} while unapplied
 * @param appliedBy the admin who applied it, or {@code null} while unapplied
 * @param appliedAt when it was applied, or {@code null} while unapplied
 */
public record UnappliedPayment(String paymentId, Username account, Money amount, String eventId, Instant receivedAt,
    Username appliedTo, EntryId entry, String appliedBy, Instant appliedAt) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param paymentId uncloud's id of the payment
   * @param account the account the payment provider named
   * @param amount what was paid
   * @param eventId the provider's event that reported it
   * @param receivedAt when uncloud received it
   * @param appliedTo the account it was booked on, or {@code null}
   * @param entry the deposit booked for it, or {@code null}
   * @param appliedBy the admin who applied it, or {@code null}
   * @param appliedAt when it was applied, or {@code null}
   */
  public UnappliedPayment {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    boolean applied = appliedTo != null;
    if (applied != (entry != null) || applied != (appliedBy != null) || applied != (appliedAt != null)) {
      throw new IllegalArgumentException("appliedTo, entry, appliedBy and appliedAt are all set or all null");
    }
  }

  /**
   * @param payment the succeeded payment
   * @param eventId the provider's event that reported it
   * @param receivedAt when uncloud received it
   * @return the payment, not applied
   */
  public static UnappliedPayment received(Payment payment, String eventId, Instant receivedAt) {
    return new UnappliedPayment(payment.paymentId(), payment.account(), payment.amount(), eventId, receivedAt,
        null, null, null, null);
  }

  /** @return whether an admin has applied it to an account */
  public boolean isApplied() {
    return appliedTo != null;
  }

  /**
   * @param to the account it was booked on
   * @param bookedAs the deposit booked for it
   * @param admin the admin who applied it
   * @param at when
   * @return a copy marked as applied
   */
  public UnappliedPayment appliedTo(Username to, EntryId bookedAs, String admin, Instant at) {
    return new UnappliedPayment(paymentId, account, amount, eventId, receivedAt, to, bookedAs, admin, at);
  }
}
