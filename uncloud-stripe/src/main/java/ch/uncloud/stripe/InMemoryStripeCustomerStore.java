package ch.uncloud.stripe;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StripeCustomerStore} in memory: the default, fine for tests and for one process whose
 * accounts may get a new Stripe customer after a restart. Thread-safe.
 */
public final class InMemoryStripeCustomerStore implements StripeCustomerStore {
  private final Map<Username, String> customers = new ConcurrentHashMap<>();
  private final Map<Username, List<PaymentMethod>> cards = new ConcurrentHashMap<>();

  @Override
  public Optional<String> customerId(Username account) {
    return Optional.ofNullable(customers.get(account));
  }

  @Override
  public void saveCustomerId(Username account, String customerId) {
    customers.put(account, customerId);
  }

  @Override
  public List<PaymentMethod> cards(Username account) {
    return cards.getOrDefault(account, List.of());
  }

  @Override
  public void saveCards(Username account, List<PaymentMethod> list) {
    cards.put(account, List.copyOf(list));
  }
}
