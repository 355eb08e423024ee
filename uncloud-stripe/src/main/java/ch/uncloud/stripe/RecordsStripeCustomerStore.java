package ch.uncloud.stripe;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.spi.PaymentRecords;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps Stripe customer ids in shared {@link PaymentRecords} (the ledger's database with
 * {@code uncloud.payment-records=jdbc}), so every process on that database finds the same customer
 * and its cards; the copy of the cards Stripe last reported is this process's only. Thread-safe.
 */
public final class RecordsStripeCustomerStore implements StripeCustomerStore {
  /** The provider name the customer ids are kept under. */
  public static final String PROVIDER = "stripe";

  private final PaymentRecords records;
  private final Map<Username, List<PaymentMethod>> cards = new ConcurrentHashMap<>();

  /**
   * @param records where the customer ids are kept; not closed by this store
   */
  public RecordsStripeCustomerStore(PaymentRecords records) {
    this.records = Objects.requireNonNull(records, "records");
  }

  @Override
  public Optional<String> customerId(Username account) {
    return records.customerId(PROVIDER, account);
  }

  @Override
  public void saveCustomerId(Username account, String customerId) {
    records.saveCustomerId(PROVIDER, account, customerId);
  }

  @Override
  public List<PaymentMethod> cards(Username account) {
    return cards.getOrDefault(account, List.of());
  }

  @Override
  public void saveCards(Username account, List<PaymentMethod> cards) {
    this.cards.put(account, List.copyOf(cards));
  }
}
