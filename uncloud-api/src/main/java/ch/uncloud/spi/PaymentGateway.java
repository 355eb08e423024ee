package ch.uncloud.spi;

import ch.uncloud.api.CardSetup;
import ch.uncloud.api.Payment;
import ch.uncloud.api.PaymentMethod;
import ch.uncloud.api.PaymentRequest;
import ch.uncloud.api.RefundRequest;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.Optional;

/**
 * Cards and card payments. Card data never passes through uncloud: registration hands a client
 * secret to the front end. Implementations are thread-safe; every charging call is idempotent on
 * uncloud's own ids.
 */
public interface PaymentGateway extends AutoCloseable {

  /**
   * Starts registering a card for off-session use.
   *
   * @param account the card holder
   * @return the setup to confirm in the front end
   */
  CardSetup startCardSetup(Username account);

  /**
   * @param account the card holder
   * @return the saved cards, the default one marked
   */
  List<PaymentMethod> paymentMethods(Username account);

  /**
   * @param account the card holder
   * @param paymentMethodId one of the account's saved cards
   */
  void setDefaultPaymentMethod(Username account, String paymentMethodId);

  /**
   * @param account the card holder
   * @param paymentMethodId one of the account's saved cards
   */
  void removePaymentMethod(Username account, String paymentMethodId);

  /**
   * Charges the account's default card off-session. Calling again with the same payment id returns
   * the first outcome and never charges twice.
   *
   * @param request what to charge
   * @return the payment; {@link ch.uncloud.api.PaymentStatus#UNKNOWN} if no answer came back
   * @throws ch.uncloud.api.PaymentException if the card was declined or needs authentication
   */
  Payment charge(PaymentRequest request);

  /**
   * @param paymentId uncloud's id of a payment
   * @return the payment's current state, looked up at the provider
   */
  Optional<Payment> findPayment(String paymentId);

  /**
   * Refunds all or part of a payment; idempotent on the refund id.
   *
   * @param request what to refund
   * @return the payment with its new refunded total
   */
  Payment refund(RefundRequest request);

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
