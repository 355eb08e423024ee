package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.InMemoryPaymentGateway.WebhookDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /stripe/webhook}: the gateway forwards the body and headers to the core's payment
 * events and maps the outcome; the payment provider (here the testkit's, which signs its deliveries
 * like a provider) verifies them. The same over Stripe's test server is the CLI's
 * {@code StripeWebhookEndToEndTest}. Every exchange is held to the OpenAPI document ({@link OpenApiContract}).
 */
@DisplayName("POST /stripe/webhook, forwarded to the core's payment events")
class PaymentWebhookTest {
  private static final String WEBHOOK_SECRET = "whsec_uncloudtest";
  private static final Username USER = Username.of("schuldner");

  private InMemoryLedger ledger;
  private final InMemoryPaymentGateway payments = InMemoryPaymentGateway.create();
  private final HttpClient http = HttpClient.newHttpClient();
  private Uncloud uncloud;
  private Gateway gateway;

  private void start(InMemoryPaymentGateway gatewayOrNull) {
    ledger = InMemoryLedger.create();
    var builder = UncloudCore.builder().ledger(ledger).directory(InMemoryAccountDirectory.withContractFixture())
        .admin("vppadmin", Secret.of("vppgeheim"))
        .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build());
    if (gatewayOrNull != null) {
      builder.payments(gatewayOrNull);
    }
    uncloud = builder.build();
    gateway = Gateway.start(uncloud, GatewaySettings.defaults().withPort(0), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    gateway.close();
    uncloud.close();
  }

  private String topUpEvent() {
    String setup = payments.startCardSetup(USER).setupId();
    payments.confirmCardSetup(setup, "pm_card_visa");
    payments.completeCardSetup(USER, setup);
    uncloud.topUps().topUp(USER, Money.of("10.00", "CHF"), "w-1");
    return payments.events().stream().filter(e -> e.type() == PaymentEvent.Type.PAYMENT_SUCCEEDED).findFirst()
        .orElseThrow().id();
  }

  /** Delivers a webhook; the request and the answer are held to the OpenAPI document. */
  private HttpResponse<String> post(WebhookDelivery delivery) {
    byte[] payload = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.uri() + "/stripe/webhook"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    delivery.headers().forEach(request::header);
    return GatewayHarness.send(http, request.build(), "application/json", payload);
  }

  @Test
  @DisplayName("a top-up's event is answered 200 applied, its redelivery 200 duplicate, and nothing is booked twice")
  void topUpEventAppliedOnce() throws Exception {
    start(payments.receiveWebhooksSignedWith(WEBHOOK_SECRET));
    WebhookDelivery delivery = payments.webhook(topUpEvent());

    HttpResponse<String> first = post(delivery);
    HttpResponse<String> again = post(delivery);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"received\":true,\"outcome\":\"applied\"}\n");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{\"received\":true,\"outcome\":\"duplicate\"}\n");
    assertThat(ledger.entries(USER)).hasSize(1);
    assertThat(uncloud.credit().amountAvailable(USER)).isEqualTo(Money.of("10.00", "CHF"));
  }

  @Test
  @DisplayName("a signed top-up event for an account not in the directory is answered 200 unapplied and books nothing")
  void topUpForUnknownAccountIsUnapplied() throws Exception {
    start(payments.receiveWebhooksSignedWith(WEBHOOK_SECRET));
    Username ghost = Username.of("ghost");
    String setup = payments.startCardSetup(ghost).setupId();
    payments.confirmCardSetup(setup, "pm_card_visa");
    payments.completeCardSetup(ghost, setup);
    payments.charge(new PaymentRequest("topup-ghost-1", ghost, Money.of("20.00", "CHF"), "top-up"));
    String event = payments.events().stream().filter(e -> e.type() == PaymentEvent.Type.PAYMENT_SUCCEEDED)
        .findFirst().orElseThrow().id();

    HttpResponse<String> answer = post(payments.webhook(event));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"received\":true,\"outcome\":\"unapplied\"}\n");
    assertThat(ledger.balances(Currency.getInstance("CHF"))).isEmpty();
    assertThat(uncloud.paymentEvents().unappliedPayments()).singleElement()
        .satisfies(p -> assertThat(p.account()).isEqualTo(ghost));
  }

  @Test
  @DisplayName("a forged or unsigned call is refused with 400 and changes nothing")
  void forgedRefused() throws Exception {
    start(payments.receiveWebhooksSignedWith(WEBHOOK_SECRET));
    String event = topUpEvent();
    WebhookDelivery forged = payments.webhook(event, "whsec_someoneelse");

    HttpResponse<String> wrongSecret = post(forged);
    HttpResponse<String> unsigned = post(new WebhookDelivery(forged.payload(), Map.of()));

    assertThat(wrongSecret.statusCode()).isEqualTo(400);
    assertThat(wrongSecret.body()).contains("\"error\":\"webhook_signature_invalid\"").doesNotContain(WEBHOOK_SECRET);
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(ledger.entries(USER)).hasSize(1);
  }

  @Test
  @DisplayName("without a payment provider, or one without a webhook secret, the endpoint answers 404 as it always did")
  void offWithoutProviderOrSecret() throws Exception {
    String off = "{\"error\":\"no_such_endpoint\",\"message\":\"payment webhooks are off: set uncloud.payments=stripe "
        + "and uncloud.stripe.webhook-secret\"}\n";
    start(null);
    HttpResponse<String> noProvider = post(new WebhookDelivery("{}", Map.of()));
    stop();
    start(payments);
    HttpResponse<String> noSecret = post(new WebhookDelivery("{}", Map.of()));

    assertThat(noProvider.statusCode()).isEqualTo(404);
    assertThat(noProvider.body()).isEqualTo(off);
    assertThat(noSecret.statusCode()).isEqualTo(404);
    assertThat(noSecret.body()).isEqualTo(off);
  }

  @Test
  @DisplayName("only POST: another method is 405 with Allow: POST")
  void postOnly() throws Exception {
    start(payments.receiveWebhooksSignedWith(WEBHOOK_SECRET));
    HttpResponse<String> get = GatewayHarness.send(http,
        HttpRequest.newBuilder(URI.create(gateway.uri() + "/stripe/webhook")).GET().build(), null, new byte[0]);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }
}
