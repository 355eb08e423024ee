package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cards: a person's own saved cards over the payment gateway")
class CardsTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Username ERST = Username.of("erstsemester");

  private final InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create();
  private final Uncloud uncloud = UncloudCore.builder()
      .payments(gateway)
      .ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.withContractFixture())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private PaymentMethod register(Username user, String key, String testCard) {
    CardRegistration registration = uncloud.cards().start(user, IdempotencyKey.of(key));
    gateway.confirmCardSetup(registration.setupId(), testCard);
    return uncloud.cards().complete(user, registration.setupId());
  }

  @Test
  @DisplayName("a registration carries the provider's publishable key, and the same key starts it once")
  void startIsIdempotent() {
    CardRegistration first = uncloud.cards().start(NETHZ, IdempotencyKey.of("k1"));
    CardRegistration again = uncloud.cards().start(NETHZ, IdempotencyKey.of("k1"));

    assertThat(first.publishableKey()).contains(InMemoryPaymentGateway.PUBLISHABLE_KEY);
    assertThat(again.setupId()).isEqualTo(first.setupId());
    assertThat(first.toString()).doesNotContain(first.clientSecret().reveal());
  }

  @Test
  @DisplayName("a card registered under another spelling of the name is the directory's person's card")
  void canonicalName() {
    PaymentMethod card = register(Username.of("NethzUser"), "k1", "pm_card_visa");

    assertThat(uncloud.cards().list(NETHZ)).containsExactly(card);
    assertThat(card.isDefault()).isTrue();
  }

  @Test
  @DisplayName("the second card becomes the default when chosen, and removing a card leaves the others")
  void defaultAndRemove() {
    PaymentMethod visa = register(NETHZ, "k1", "pm_card_visa");
    PaymentMethod mastercard = register(NETHZ, "k2", "pm_card_mastercard");

    assertThat(uncloud.cards().makeDefault(NETHZ, mastercard.id()))
        .filteredOn(PaymentMethod::isDefault).extracting(PaymentMethod::id).containsExactly(mastercard.id());
    assertThat(uncloud.cards().remove(NETHZ, visa.id())).extracting(PaymentMethod::id).containsExactly(mastercard.id());
  }

  @Test
  @DisplayName("another person's card or registration is not found, exactly like a missing one")
  void isolation() {
    PaymentMethod card = register(NETHZ, "k1", "pm_card_visa");
    CardRegistration pending = uncloud.cards().start(NETHZ, IdempotencyKey.of("k2"));

    assertThatThrownBy(() -> uncloud.cards().makeDefault(ERST, card.id()))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment_method");
    assertThatThrownBy(() -> uncloud.cards().remove(ERST, card.id()))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment_method");
    assertThatThrownBy(() -> uncloud.cards().complete(ERST, pending.setupId()))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_card_setup");
    assertThat(uncloud.cards().list(ERST)).isEmpty();
    assertThat(uncloud.cards().list(NETHZ)).containsExactly(card);
  }

  @Test
  @DisplayName("without a payment gateway the cards say which provider to configure")
  void noGateway() {
    try (Uncloud plain = UncloudCore.builder().ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture()).build()) {
      assertThatThrownBy(() -> plain.cards().list(NETHZ))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.payments=stripe");
    }
  }
}
