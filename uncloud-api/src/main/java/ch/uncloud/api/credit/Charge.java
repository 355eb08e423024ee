package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.Instant;

/**
 * A booked charge (or deposit or reversal) with the account's state right after it: what
 * {@code chargeUser}, {@code deposit} and {@code reverse} return.
 */
public interface Charge {
  /**
   * @return the ledger entry's id (the REST gateway's {@code charge_id})
   */
  EntryId id();

  /**
   * @return the ledger entry behind this result
   */
  LedgerEntry entry();

  /**
   * @return the service that booked it
   */
  default ServiceName service() {
    return entry().service();
  }

  /**
   * @return the user charged
   */
  default Username user() {
    return entry().account();
  }

  /**
   * @return the booked amount, always positive (the entry's delta may be negative)
   */
  default Money amount() {
    Money delta = entry().delta();
    return delta.isNegative() ? delta.negate() : delta;
  }

  /**
   * @return when it was booked
   */
  default Instant bookedAt() {
    return entry().bookedAt();
  }

  /**
   * @return the balance right after this booking
   */
  default Money balance() {
    return entry().balanceAfter();
  }

  /**
   * @return whether the account is locked now (after the lock policy ran)
   */
  boolean locked();

  /**
   * @return true if the directory's lock flag could not be brought in line with {@link #locked()}
   *     (the directory refused or was unreachable): the booking stands, the ledger is the truth, and
   *     reconciliation ({@link CreditService#reconcileLocks()}, at start and periodically) repairs the
   *     flag. Until then a lab machine reading the flag may see the old state.
   */
  default boolean lockPending() {
    return false;
  }

  /**
   * @return true if this is the stored result of an earlier call with the same idempotency key
   */
  boolean replayed();
}
