package ch.uncloud.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.SetupIntentConfirmParams;
import com.stripe.param.SetupIntentCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeStripeServer, driven by the real stripe-java client")
class FakeStripeServerTest {
  private FakeStripeServer fake;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
    stripe = StripeClient.builder().setApiKey("sk_test_fake_server").setApiBase(fake.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static RequestOptions key(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  @Test
  @DisplayName("anything but a test-mode secret key gets Stripe's 401")
  void onlyTestKeys() {
    for (String key : new String[] {"sk_live_abcdefghijkl1234", "pk_test_abcdefghijkl1234", "rk_live_abcdefgh1234"}) {
      StripeClient client = StripeClient.builder().setApiKey(key).setApiBase(fake.baseUrl()).build();
      assertThatThrownBy(() -> client.v1().customers().create(CustomerCreateParams.builder().build()))
          .isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(401);
            assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
            assertThat(e.getMessage()).doesNotContain("abcdefghijkl");
          });
    }
    assertThat(fake.customerCount()).isZero();
  }

  @Test
  @DisplayName("an idempotency key replays the first answer, and with other parameters is an idempotency_error")
  void idempotency() throws Exception {
    Customer first = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@example.com")
        .putMetadata("order", "42").build(), key("idem-cus-1"));
    Customer again = stripe.v1().customers().create(CustomerCreateParams.builder().putMetadata("order", "42")
        .setEmail("a@example.com").build(), key("idem-cus-1"));
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(again.getMetadata()).containsEntry("order", "42");
    assertThat(fake.customerCount()).isEqualTo(1);

    assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder()
        .setEmail("b@example.com").build(), key("idem-cus-1")))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
  }

  @Test
  @DisplayName("attaching a card the issuer declines fails with the decline code, as in Stripe's test mode")
  void declinedAttach() throws Exception {
    Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    assertThatThrownBy(() -> stripe.v1().paymentMethods().attach("pm_card_chargeDeclinedInsufficientFunds",
        PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build()))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(402);
          assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
        });
  }

  @Test
  @DisplayName("an off-session charge of an authentication-required card fails 402 with the intent left in requires_payment_method")
  void authenticationRequired() throws Exception {
    Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    String pm = stripe.v1().paymentMethods().attach("pm_card_authenticationRequired",
        PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build()).getId();
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(1099L).setCurrency("eur")
        .setCustomer(customer.getId()).setPaymentMethod(pm).setConfirm(true).setOffSession(true)
        .putMetadata("invoice", "inv-7").build();

    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params, key("idem-pi-1")))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getCode()).isEqualTo("authentication_required");
          assertThat(e.getStripeError().getPaymentIntent().getStatus()).isEqualTo("requires_payment_method");
        });
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params, key("idem-pi-1")))
        .isInstanceOf(CardException.class);
    assertThat(fake.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("nested form parameters and expand work: metadata, expand[0]=latest_charge, search by metadata")
  void formParameters() throws Exception {
    Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    SetupIntent setup = stripe.v1().setupIntents().create(SetupIntentCreateParams.builder()
        .setCustomer(customer.getId()).setUsage(SetupIntentCreateParams.Usage.OFF_SESSION).addPaymentMethodType("card")
        .build());
    assertThat(setup.getClientSecret()).startsWith(setup.getId() + "_secret_");
    SetupIntent confirmed = stripe.v1().setupIntents().confirm(setup.getId(),
        SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    assertThat(confirmed.getStatus()).isEqualTo("succeeded");

    PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(500L)
        .setCurrency("chf").setCustomer(customer.getId()).setPaymentMethod(confirmed.getPaymentMethod())
        .setConfirm(true).setOffSession(true).putMetadata("uncloud_payment_id", "p-1").addExpand("latest_charge")
        .build());
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getLatestChargeObject().getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");

    assertThat(stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
        .setQuery("metadata['uncloud_payment_id']:'p-1'").build()).getData())
        .extracting(PaymentIntent::getId).containsExactly(intent.getId());
  }

  @Test
  @DisplayName("an unknown object is a 404 resource_missing")
  void missing() {
    assertThatThrownBy(() -> stripe.v1().customers().retrieve("cus_nope"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getCode()).isEqualTo("resource_missing");
        });
  }
}
