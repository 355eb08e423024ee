package ch.uncloud.api.credit;

import ch.uncloud.api.Username;
import java.util.List;

/**
 * What a person was charged for and paid: their own account's ledger entries, filtered by period
 * and service and read a page at a time. Every entry of the account is on exactly one page of an
 * unchanged query, also while new entries are booked; and the holds still open on it. Thread-safe. Obtain it from
 * {@link ch.uncloud.api.Uncloud#statements()}.
 */
public interface Statements {
  /**
   * @param account the account, as the directory spells it (a login's {@link ch.uncloud.api.Users#authenticate} result)
   * @param query the period, service and page
   * @return one page of entries
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if the cursor is not one this
   *     service handed out for the account
   */
  StatementPage page(Username account, StatementQuery query);

  /**
   * What is reserved on the account and not yet charged: the holds that lower its available amount.
   *
   * @param account the account, as the directory spells it
   * @return the account's holds open now (neither captured, released nor expired), oldest first
   */
  List<Hold> openHolds(Username account);
}
