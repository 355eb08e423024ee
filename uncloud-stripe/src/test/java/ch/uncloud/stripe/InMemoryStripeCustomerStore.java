package ch.uncloud.stripe;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StripeCustomerStore} in memory, for tests: a restarted process would forget its customers
 * (and give each account a second one), so production needs a durable store. Thread-safe.
 */
final class InMemoryStripeCustomerStore implements StripeCustomerStore {
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
