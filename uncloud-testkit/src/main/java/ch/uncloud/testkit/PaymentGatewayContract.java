package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardDeclinedException;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.payments.RefundRequest;
import ch.uncloud.spi.PaymentGateway;
import java.time.Year;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The behaviour every {@link PaymentGateway} must show, in Stripe test-mode terms: the in-memory
 * fake, the Stripe gateway against the testkit's fake Stripe server, and the Stripe gateway against
 * Stripe's real test mode all pass it. Each test works on fresh accounts and payment ids, so the kit
 * also runs against a shared real Stripe account.
 */
public abstract class PaymentGatewayContract {
  /** The gateway under test, fresh for each test. */
  protected PaymentGateway gateway;

  /**
   * @return a new gateway, owned and closed by the kit
   */
  protected abstract PaymentGateway newGateway();

  /**
   * Does what the front end does with the setup's client secret: confirms it with one of Stripe's
   * test payment methods and, if the bank asks for 3-D Secure, passes the check. Must not throw when
   * the card is declined: the front end shows that to the card holder, and
   * {@link PaymentGateway#completeCardSetup} reports it.
   *
   * @param setup the started setup
   * @param testPaymentMethod e.g. {@code pm_card_visa}
   */
  protected abstract void confirmInFrontEnd(CardSetup setup, String testPaymentMethod);

  @BeforeEach
  void openGateway() {
    gateway = newGateway();
  }

  @AfterEach
  void closeGateway() {
    gateway.close();
  }

  /**
   * @return a fresh account name, unique across runs
   */
  protected static Username freshAccount() {
    return Username.of("contract-" + UUID.randomUUID().toString().substring(0, 12));
  }

  /**
   * @return a fresh payment or refund id, unique across runs
   */
  protected static String freshId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  /**
   * Registers a card the way a user does: start, confirm in the front end, complete.
   *
   * @param account the card holder
   * @param testPaymentMethod e.g. {@code pm_card_visa}
   * @return the saved card
   */
  protected PaymentMethod registerCard(Username account, String testPaymentMethod) {
    CardSetup setup = gateway.startCardSetup(account);
    confirmInFrontEnd(setup, testPaymentMethod);
    return gateway.completeCardSetup(account, setup.setupId());
  }

  private static PaymentRequest payment(String id, Username account, String amount) {
    return new PaymentRequest(id, account, Money.of(amount, "CHF"), "contract test " + id);
  }

  @Nested
  @DisplayName("Card registration")
  class Registration {

    @Test
    @DisplayName("a confirmed setup saves the card as the account's default, keeping only brand, last 4 digits and expiry")
    void registrationFlow() {
      Username account = freshAccount();
      CardSetup setup = gateway.startCardSetup(account);
      assertThat(setup.setupId()).isNotBlank();
      assertThat(setup.clientSecret().reveal()).isNotBlank();
      assertThat(setup.toString()).doesNotContain(setup.clientSecret().reveal());

      confirmInFrontEnd(setup, "pm_card_visa");
      PaymentMethod card = gateway.completeCardSetup(account, setup.setupId());

      assertThat(card.brand()).isEqualTo("visa");
      assertThat(card.last4()).isEqualTo("4242");
      assertThat(card.isDefault()).isTrue();
      assertThat(card.expYear()).isGreaterThanOrEqualTo(Year.now().getValue());
      assertThat(card.expMonth()).isBetween(1, 12);
      assertThat(gateway.paymentMethods(account)).containsExactly(card);
    }

    @Test
    @DisplayName("starting a registration again with the same key returns the same setup; another key or account starts another")
    void idempotentStart() {
      Username account = freshAccount();
      IdempotencyKey key = IdempotencyKey.of(freshId("setup"));

      CardSetup first = gateway.startCardSetup(account, key);
      CardSetup again = gateway.startCardSetup(account, key);
      CardSetup other = gateway.startCardSetup(account, IdempotencyKey.of(freshId("setup")));
      CardSetup otherAccount = gateway.startCardSetup(freshAccount(), key);

      assertThat(again.setupId()).isEqualTo(first.setupId());
      assertThat(again.clientSecret().reveal()).isEqualTo(first.clientSecret().reveal());
      assertThat(other.setupId()).isNotEqualTo(first.setupId());
      assertThat(otherAccount.setupId()).isNotEqualTo(first.setupId());
    }

    @Test
    @DisplayName("a setup started with a key completes like any other")
    void keyedSetupCompletes() {
      Username account = freshAccount();
      CardSetup setup = gateway.startCardSetup(account, IdempotencyKey.of(freshId("setup")));
      confirmInFrontEnd(setup, "pm_card_visa");

      PaymentMethod card = gateway.completeCardSetup(account, setup.setupId());

      assertThat(card.last4()).isEqualTo("4242");
      assertThat(gateway.paymentMethods(account)).extracting(PaymentMethod::id).containsExactly(card.id());
    }

    @Test
    @DisplayName("completing the same setup twice returns the same card and saves it once")
    void completeTwice() {
      Username account = freshAccount();
      CardSetup setup = gateway.startCardSetup(account);
      confirmInFrontEnd(setup, "pm_card_mastercard");
      PaymentMethod first = gateway.completeCardSetup(account, setup.setupId());
      PaymentMethod second = gateway.completeCardSetup(account, setup.setupId());
      assertThat(second).isEqualTo(first);
      assertThat(gateway.paymentMethods(account)).hasSize(1);
    }

    @Test
    @DisplayName("a second card is not the default until the holder chooses it")
    void defaultCard() {
      Username account = freshAccount();
      PaymentMethod visa = registerCard(account, "pm_card_visa");
      PaymentMethod mastercard = registerCard(account, "pm_card_mastercard");
      assertThat(mastercard.isDefault()).isFalse();

      gateway.setDefaultPaymentMethod(account, mastercard.id());

      List<PaymentMethod> cards = gateway.paymentMethods(account);
      assertThat(cards).filteredOn(PaymentMethod::isDefault).extracting(PaymentMethod::id).containsExactly(mastercard.id());
      assertThat(cards).extracting(PaymentMethod::id).containsExactlyInAnyOrder(visa.id(), mastercard.id());
    }

    @Test
    @DisplayName("removing the default card leaves the account without a card to charge")
    void removeDefault() {
      Username account = freshAccount();
      PaymentMethod card = registerCard(account, "pm_card_visa");
      gateway.removePaymentMethod(account, card.id());
      assertThat(gateway.paymentMethods(account)).isEmpty();
      assertThatThrownBy(() -> gateway.charge(payment(freshId("pay"), account, "5.00")))
          .isInstanceOf(PaymentException.class).hasFieldOrPropertyWithValue("errorCode", "no_payment_method");
    }

    @Test
    @DisplayName("another account's card, or an unknown one, cannot be chosen or removed")
    void foreignCard() {
      Username owner = freshAccount();
      Username other = freshAccount();
      PaymentMethod card = registerCard(owner, "pm_card_visa");
      registerCard(other, "pm_card_visa");
      assertThatThrownBy(() -> gateway.setDefaultPaymentMethod(other, card.id()))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment_method");
      assertThatThrownBy(() -> gateway.removePaymentMethod(other, card.id()))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment_method");
      assertThatThrownBy(() -> gateway.removePaymentMethod(owner, "pm_does_not_exist"))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment_method");
      assertThat(gateway.paymentMethods(owner)).containsExactly(card);
    }

    @Test
    @DisplayName("another account's setup cannot be completed")
    void foreignSetup() {
      Username owner = freshAccount();
      Username other = freshAccount();
      gateway.startCardSetup(other);
      CardSetup setup = gateway.startCardSetup(owner);
      confirmInFrontEnd(setup, "pm_card_visa");
      assertThatThrownBy(() -> gateway.completeCardSetup(other, setup.setupId()))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_card_setup");
    }

    @ParameterizedTest(name = "{0} is declined with {1}")
    @CsvSource({
        "pm_card_chargeDeclined, generic_decline",
        "pm_card_chargeDeclinedInsufficientFunds, insufficient_funds",
        "pm_card_chargeDeclinedExpiredCard, expired_card",
        "pm_card_chargeDeclinedProcessingError, processing_error"})
    @DisplayName("a card the issuer declines is reported with the issuer's reason and not saved")
    void declinedAtRegistration(String testCard, String declineCode) {
      Username account = freshAccount();
      CardSetup setup = gateway.startCardSetup(account);
      confirmInFrontEnd(setup, testCard);
      assertThatThrownBy(() -> gateway.completeCardSetup(account, setup.setupId()))
          .isInstanceOfSatisfying(CardDeclinedException.class, e -> {
            assertThat(e.declineCode()).isEqualTo(declineCode);
            assertThat(e.errorCode()).isEqualTo("card_declined");
            assertThat(e.getMessage()).containsIgnoringCase("card");
          });
      assertThat(gateway.paymentMethods(account)).isEmpty();
    }

    @Test
    @DisplayName("a card whose bank asks for 3-D Secure at registration is saved once the holder passed it, then charges off-session")
    void authenticationOnSetup() {
      Username account = freshAccount();
      registerCard(account, "pm_card_authenticationRequiredOnSetup");
      Payment payment = gateway.charge(payment(freshId("pay"), account, "3.00"));
      assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }
  }

  @Nested
  @DisplayName("Off-session charges")
  class Charges {

    @Test
    @DisplayName("charging the default card succeeds and can be looked up by uncloud's payment id")
    void offSessionSuccess() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      String id = freshId("pay");
      Payment payment = gateway.charge(payment(id, account, "12.50"));

      assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(payment.paymentId()).isEqualTo(id);
      assertThat(payment.account()).isEqualTo(account);
      assertThat(payment.amount()).isEqualTo(Money.of("12.50", "CHF"));
      assertThat(payment.refunded()).isEqualTo(Money.of("0.00", "CHF"));
      assertThat(payment.providerReference()).isNotBlank();
      assertThat(gateway.findPayment(account, id)).contains(payment);
    }

    @Test
    @DisplayName("charging again with the same payment id returns the first payment instead of paying twice")
    void sameIdTwice() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      PaymentRequest request = payment(freshId("pay"), account, "7.00");
      Payment first = gateway.charge(request);
      Payment second = gateway.charge(request);
      assertThat(second).isEqualTo(first);
    }

    @Test
    @DisplayName("reusing a payment id for another amount is an idempotency conflict")
    void reusedIdOtherAmount() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      String id = freshId("pay");
      gateway.charge(payment(id, account, "7.00"));
      assertThatThrownBy(() -> gateway.charge(payment(id, account, "8.00")))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    }

    @Test
    @DisplayName("an account without a card cannot be charged and is told to register one")
    void noCard() {
      Username account = freshAccount();
      assertThatThrownBy(() -> gateway.charge(payment(freshId("pay"), account, "1.00")))
          .isInstanceOf(PaymentException.class).hasFieldOrPropertyWithValue("errorCode", "no_payment_method")
          .hasMessageContaining("POST /api/v1/cards");
    }

    @Test
    @DisplayName("a saved card that the issuer declines at charge time fails with the decline code, and stays failed on retry")
    void declinedAtCharge() {
      Username account = freshAccount();
      registerCard(account, "pm_card_chargeCustomerFail");
      PaymentRequest request = payment(freshId("pay"), account, "9.00");
      assertThatThrownBy(() -> gateway.charge(request))
          .isInstanceOfSatisfying(CardDeclinedException.class,
              e -> assertThat(e.declineCode()).isEqualTo("generic_decline"));
      assertThat(gateway.findPayment(account, request.paymentId()))
          .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(PaymentStatus.FAILED));
      assertThatThrownBy(() -> gateway.charge(request)).isInstanceOf(CardDeclinedException.class);
    }

    @Test
    @DisplayName("a card whose bank demands authentication fails off-session with a request to pay while present")
    void authenticationRequired() {
      Username account = freshAccount();
      registerCard(account, "pm_card_authenticationRequired");
      PaymentRequest request = payment(freshId("pay"), account, "4.00");
      assertThatThrownBy(() -> gateway.charge(request))
          .isInstanceOfSatisfying(PaymentException.class,
              e -> assertThat(e.errorCode()).isEqualTo("card_authentication_required"));
      assertThat(gateway.findPayment(account, request.paymentId()))
          .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(PaymentStatus.FAILED));
    }

    @Test
    @DisplayName("a zero-decimal currency is charged in whole units")
    void zeroDecimalCurrency() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      Payment payment = gateway.charge(new PaymentRequest(freshId("pay"), account, Money.of("500", "JPY"), "yen"));
      assertThat(payment.amount()).isEqualTo(Money.of("500", "JPY"));
      assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("a payment id the provider never saw is not found")
    void unknownPayment() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      assertThat(gateway.findPayment(account, freshId("pay"))).isEmpty();
      assertThat(gateway.findPayment(freshAccount(), freshId("pay"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("Refunds")
  class Refunds {

    @Test
    @DisplayName("partial refunds add up, a repeated refund id refunds once, and more than the rest is refused")
    void partialRefunds() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      String id = freshId("pay");
      gateway.charge(payment(id, account, "10.00"));
      RefundRequest first = new RefundRequest(freshId("ref"), account, id, Money.of("4.00", "CHF"));

      assertThat(gateway.refund(first).refunded()).isEqualTo(Money.of("4.00", "CHF"));
      assertThat(gateway.refund(first).refunded()).isEqualTo(Money.of("4.00", "CHF"));
      assertThatThrownBy(() -> gateway.refund(new RefundRequest(freshId("ref"), account, id, Money.of("6.01", "CHF"))))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "refund_exceeds_payment");
      Payment after = gateway.refund(new RefundRequest(freshId("ref"), account, id, Money.of("6.00", "CHF")));
      assertThat(after.refunded()).isEqualTo(Money.of("10.00", "CHF"));
      assertThat(after.status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(gateway.findPayment(account, id)).hasValueSatisfying(
          p -> assertThat(p.refunded()).isEqualTo(Money.of("10.00", "CHF")));
    }

    @Test
    @DisplayName("reusing a refund id for another amount is an idempotency conflict")
    void reusedRefundId() {
      Username account = freshAccount();
      registerCard(account, "pm_card_visa");
      String id = freshId("pay");
      gateway.charge(payment(id, account, "10.00"));
      String refundId = freshId("ref");
      gateway.refund(new RefundRequest(refundId, account, id, Money.of("1.00", "CHF")));
      assertThatThrownBy(() -> gateway.refund(new RefundRequest(refundId, account, id, Money.of("2.00", "CHF"))))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    }

    @Test
    @DisplayName("an unknown payment cannot be refunded, nor a failed one")
    void notRefundable() {
      Username account = freshAccount();
      registerCard(account, "pm_card_chargeCustomerFail");
      String failed = freshId("pay");
      assertThatThrownBy(() -> gateway.charge(payment(failed, account, "2.00"))).isInstanceOf(CardDeclinedException.class);
      assertThatThrownBy(() -> gateway.refund(new RefundRequest(freshId("ref"), account, freshId("pay"),
          Money.of("1.00", "CHF")))).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment");
      assertThatThrownBy(() -> gateway.refund(new RefundRequest(freshId("ref"), account, failed,
          Money.of("1.00", "CHF")))).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "payment_not_refundable");
    }
  }
}
