package ch.uncloud.api.shop;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.YearMonth;
import java.util.List;

/**
 * Monthly bills from the orders and metered usage: one-time fees once (in the month an order
 * starts), monthly prices pro rata by the second, usage by the GB-second, each line rounded half up
 * to the cent. Until a month ends its bill is preliminary and nothing is booked; after it, each bill
 * is made final once, its lines become ledger charges of the {@link #SHOP} service, and it is paid
 * as its orders chose. Thread-safe. Obtain it from {@link ch.uncloud.api.Uncloud#billing()}.
 */
public interface BillingService {
  /** The service bills are booked under. */
  ServiceName SHOP = ServiceName.of("shop");

  /**
   * Computes an account's bill for a month without booking anything. For a month already billed
   * it returns the final bill.
   *
   * @param account the user
   * @param month the month
   * @return the bill (preliminary while the month is not over)
   */
  Bill preview(Username account, YearMonth month);

  /**
   * Bills every account with orders or usage in the month. While the month is not over the bills
   * are preliminary and nothing is booked; after it, each bill is made final once, booked and paid.
   *
   * @param month the month
   * @return one bill per account, sorted by account
   */
  List<Bill> run(YearMonth month);

  /**
   * Pays an open final bill now, the given way (e.g. by card after a failed attempt, or from a
   * balance topped up since).
   *
   * @param account the user
   * @param month the month
   * @param choice how to pay
   * @return the bill with its new payment state
   * @throws InvalidRequestException ({@code invalid_argument}) if there is no final bill for the month
   */
  Bill pay(Username account, YearMonth month, PaymentChoice choice);

  /**
   * @param account a user
   * @return the user's final bills, oldest first
   */
  List<Bill> bills(Username account);
}
