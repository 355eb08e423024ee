package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * A user's balance in one currency.
 *
 * @param account the user
 * @param balance the sum of all the user's entries in that currency
 */
public record AccountBalance(Username account, Money balance) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param account the user
   * @param balance the sum of all the user's entries in that currency
   */
  public AccountBalance {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(balance, "balance");
  }
}
