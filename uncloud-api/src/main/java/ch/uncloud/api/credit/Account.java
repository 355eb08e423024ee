package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;

/**
 * A user's credit right now.
 *
 * @param user the user
 * @param balance the balance: quota and paid credit together
 * @param locked whether the account is locked (negative paid credit, or the directory's flag)
 * @param held the sum of the account's open holds
 * @param quota the quota pot: allowances granted on a schedule, spent before paid credit, never negative
 *     by a charge
 */
public record Account(Username user, Money balance, boolean locked, Money held, Money quota) {
  /**
   * An account without quota.
   *
   * @param user the user
   * @param balance the balance; negative means debt
   * @param locked whether the account is locked
   * @param held the sum of the account's open holds
   */
  public Account(Username user, Money balance, boolean locked, Money held) {
    this(user, balance, locked, held, Money.zero(balance.currency()));
  }

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
   * @return paid credit: the balance less the quota pot; negative means debt
   */
  public Money credit() {
    return balance.minus(quota);
  }

  /**
   * @return what new jobs and holds may use: the balance (quota and paid credit) less open holds
   */
  public Money available() {
    return balance.minus(held);
  }
}
