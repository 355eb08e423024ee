package ch.uncloud.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Stripe customer stores")
class StripeCustomerStoreTest {
  private static final Username ACCOUNT = Username.of("Zoë Müller (lab)");
  private static final List<PaymentMethod> CARDS = List.of(
      new PaymentMethod("pm_1", "visa", "4242", 12, 2030, true),
      new PaymentMethod("pm_2", "mastercard", "4444", 1, 2031, false));

  private static void behavesAsStore(StripeCustomerStore store) {
    assertThat(store.customerId(ACCOUNT)).isEmpty();
    assertThat(store.cards(ACCOUNT)).isEmpty();
    store.saveCustomerId(ACCOUNT, "cus_123");
    store.saveCards(ACCOUNT, CARDS);
    assertThat(store.customerId(ACCOUNT)).contains("cus_123");
    assertThat(store.cards(ACCOUNT)).containsExactlyElementsOf(CARDS);
    store.saveCards(ACCOUNT, List.of());
    assertThat(store.cards(ACCOUNT)).isEmpty();
    assertThat(store.customerId(Username.of("someone-else"))).isEmpty();
  }

  @Test
  @DisplayName("the in-memory store keeps customer ids and card copies per account")
  void inMemory() {
    behavesAsStore(new InMemoryStripeCustomerStore());
  }

  @Test
  @DisplayName("the file store does the same, survives reopening, and holds no card numbers")
  void file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("customers.properties");
    behavesAsStore(FileStripeCustomerStore.open(file));
    FileStripeCustomerStore.open(file).saveCards(ACCOUNT, CARDS);

    FileStripeCustomerStore reopened = FileStripeCustomerStore.open(file);
    assertThat(reopened.customerId(ACCOUNT)).contains("cus_123");
    assertThat(reopened.cards(ACCOUNT)).containsExactlyElementsOf(CARDS);
    assertThat(Files.readString(file)).doesNotContain("Zoë").doesNotContainPattern("[0-9]{12,19}");
  }
}
