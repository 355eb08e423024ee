package ch.uncloud.stripe;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which Stripe customer belongs to which uncloud account, and a copy of the account's saved
 * cards as Stripe last reported them. Holds only Stripe ids, brand, last four digits and expiry,
 * never a card number. Implementations are thread-safe; a durable one (a file, a database table)
 * keeps an account from getting a second Stripe customer after a restart.
 */
public interface StripeCustomerStore {

  /**
   * @param account an uncloud account
   * @return its Stripe customer id ({@code cus_...}), if it has one
   */
  Optional<String> customerId(Username account);

  /**
   * @param account an uncloud account
   * @param customerId its Stripe customer id
   */
  void saveCustomerId(Username account, String customerId);

  /**
   * @param account an uncloud account
   * @return the cards last reported by Stripe, default marked; empty if none or never fetched
   */
  List<PaymentMethod> cards(Username account);

  /**
   * @param account an uncloud account
   * @param cards the cards Stripe reports now (replaces the earlier copy)
   */
  void saveCards(Username account, List<PaymentMethod> cards);
}
