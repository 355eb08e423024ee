package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;

/**
 * A user's credit right now.
 *
 * @param user the user
 * @param balance the balance; negative means debt
 * @param locked whether the account is locked (a negative balance, or the directory's flag)
 * @param held the sum of the account's open holds
 */
public record Account(Username user, Money balance, boolean locked, Money held) {
  /**
   * An account without open holds.
   *
   * @param user the user
   * @param balance the balance; negative means debt
   * @param locked whether the account is locked
   */
  public Account(Username user, Money balance, boolean locked) {
    this(user, balance, locked, Money.zero(balance.currency()));
  }

  /**
   * @return what new jobs and holds may use: the balance less open holds
   */
  public Money available() {
    return balance.minus(held);
  }
}
