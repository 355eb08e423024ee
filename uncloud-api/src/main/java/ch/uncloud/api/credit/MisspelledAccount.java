package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * A ledger account whose name is another spelling of a person the directory knows under its own
 * spelling ({@code NETHZUSER} beside {@code nethzuser}), left by bookings made before every name was
 * resolved to the directory's spelling. Reported, never merged: moving its money is an admin's
 * decision (a deposit on the one account and a charge on the other, or a reversal of its entries).
 *
 * @param account the ledger account as it is spelled in the ledger
 * @param canonical the directory's stored spelling of the same person
 * @param balance the account's balance
 */
public record MisspelledAccount(Username account, Username canonical, Money balance) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param account the ledger account as it is spelled in the ledger
   * @param canonical the directory's stored spelling of the same person
   * @param balance the account's balance
   */
  public MisspelledAccount {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(balance, "balance");
  }
}
