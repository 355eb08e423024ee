package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.testkit.InMemoryPaymentGateway.WebhookDelivery;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryPaymentGateway's webhooks")
class InMemoryPaymentGatewayWebhookTest {
  private static final Username USER = Username.of("nethzuser");

  private static void registerCard(InMemoryPaymentGateway gateway, String testCard) {
    String setup = gateway.startCardSetup(USER).setupId();
    gateway.confirmCardSetup(setup, testCard);
    gateway.completeCardSetup(USER, setup);
  }

  @Test
  @DisplayName("emits an event per confirmed registration and per charge, and a signed delivery verifies to it")
  void signedDeliveries() {
    InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create().receiveWebhooksSignedWith("whsec_kit");
    registerCard(gateway, "pm_card_visa");
    gateway.charge(new PaymentRequest("pay-1", USER, Money.of("3.00", "CHF"), "test"));

    assertThat(gateway.events()).extracting(PaymentEvent::type)
        .containsExactly(PaymentEvent.Type.CARD_SETUP_SUCCEEDED, PaymentEvent.Type.PAYMENT_SUCCEEDED);
    PaymentEvent charged = gateway.events().get(1);
    WebhookDelivery delivery = gateway.webhook(charged.id());

    assertThat(gateway.receivesWebhooks()).isTrue();
    assertThat(gateway.verifyWebhook(delivery.payload(), delivery.headers())).isEqualTo(charged);
    assertThat(charged.payment().paymentId()).isEqualTo("pay-1");
    assertThat(charged.account()).isEqualTo(USER);
  }

  @Test
  @DisplayName("refuses a delivery signed with another secret or not signed, and receives nothing until given a secret")
  void refusals() {
    InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create();
    registerCard(gateway, "pm_card_visa");
    String event = gateway.events().get(0).id();

    assertThat(gateway.receivesWebhooks()).isFalse();
    WebhookDelivery early = gateway.webhook(event, "whsec_kit");
    assertThatThrownBy(() -> gateway.verifyWebhook(early.payload(), early.headers()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("receiveWebhooksSignedWith");

    gateway.receiveWebhooksSignedWith("whsec_kit");
    WebhookDelivery forged = gateway.webhook(event, "whsec_other");
    assertThatThrownBy(() -> gateway.verifyWebhook(forged.payload(), forged.headers()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
    assertThatThrownBy(() -> gateway.verifyWebhook(forged.payload(), Map.of()))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "webhook_signature_invalid");
  }
}
