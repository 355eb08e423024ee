package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;

/**
 * A user's credit right now.
 *
 * @param user the user
 * @param balance the balance; negative means debt
 * @param locked whether the account is locked (a negative balance, or the directory's flag)
 */
public record Account(Username user, Money balance, boolean locked) {
}
