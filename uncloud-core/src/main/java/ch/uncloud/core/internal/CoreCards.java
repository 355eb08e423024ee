package ch.uncloud.core.internal;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentRecords;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A person's saved cards over the configured payment gateway. The person is resolved to the
 * directory's spelling first, so a card registered as {@code Alice} is {@code alice}'s; the gateway
 * keeps each account's cards and setups apart and reports another account's like a missing one.
 * Thread-safe.
 */
public final class CoreCards implements Cards {
  private final CoreCreditService credit;
  private final Supplier<PaymentGateway> payments;

  private final Announcements announcements;
  private final PaymentRecords records;
  private final java.time.Clock clock;

  /**
   * @param credit names
   * @param payments the payment gateway
   * @param announcements where completed registrations are announced
   * @param records where completed registrations are recorded with their events, or {@code null}
   * @param clock the clock
   */
  public CoreCards(CoreCreditService credit, Supplier<PaymentGateway> payments, Announcements announcements,
      PaymentRecords records, java.time.Clock clock) {
    this.credit = credit;
    this.payments = payments;
    this.records = records;
    this.announcements = announcements;
    this.clock = clock;
  }

  /** @return the payment provider's short name for events, e.g. {@code stripe} for StripePaymentGateway */
  static String providerName(PaymentGateway gateway) {
    String name = gateway.getClass().getSimpleName().replace("PaymentGateway", "").toLowerCase(java.util.Locale.ROOT);
    return name.isEmpty() ? "payments" : name;
  }

  @Override
  public CardRegistration start(Username user, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    PaymentGateway gateway = payments.get();
    CardSetup setup = gateway.startCardSetup(credit.canonical(user), key);
    return new CardRegistration(setup.setupId(), setup.clientSecret(), gateway.publishableKey());
  }

  @Override
  public PaymentMethod complete(Username user, String setupId) {
    Objects.requireNonNull(setupId, "setupId");
    PaymentGateway gateway = payments.get();
    Username account = credit.canonical(user);
    PaymentMethod card = gateway.completeCardSetup(account, setupId);
    announcements.cardRegistered(records, account, providerName(gateway), setupId, clock.instant());
    return card;
  }

  @Override
  public List<PaymentMethod> list(Username user) {
    return payments.get().paymentMethods(credit.canonical(user));
  }

  @Override
  public List<PaymentMethod> makeDefault(Username user, String cardId) {
    return change(user, cardId, PaymentGateway::setDefaultPaymentMethod);
  }

  @Override
  public List<PaymentMethod> remove(Username user, String cardId) {
    return change(user, cardId, PaymentGateway::removePaymentMethod);
  }

  /** Changes one of the person's cards and answers their cards afterwards. */
  private List<PaymentMethod> change(Username user, String cardId, CardChange change) {
    Objects.requireNonNull(cardId, "cardId");
    Username account = credit.canonical(user);
    PaymentGateway gateway = payments.get();
    change.apply(gateway, account, cardId);
    return gateway.paymentMethods(account);
  }

  @FunctionalInterface
  private interface CardChange {
    void apply(PaymentGateway gateway, Username account, String cardId);
  }
}
