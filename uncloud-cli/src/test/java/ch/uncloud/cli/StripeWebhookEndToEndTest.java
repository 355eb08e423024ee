package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.ldap.LdapAccountDirectory;
import ch.uncloud.ldap.LdapTls;
import ch.uncloud.stripe.FileStripeCustomerStore;
import ch.uncloud.stripe.StripePaymentGateway;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.SetupIntent;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.SetupIntentConfirmParams;
import com.stripe.param.SetupIntentCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's composition of the gateway, the core and the Stripe provider: Stripe's test server
 * delivers signed events to {@code POST /stripe/webhook}, the real stripe-java client verifies them.
 */
@DisplayName("POST /stripe/webhook with the Stripe test server and the real stripe-java client")
class StripeWebhookEndToEndTest {
  private static final String KEY = "sk_test_uncloudwebhook";
  private static final String WEBHOOK_SECRET = "whsec_uncloudtest";
  private static final Username USER = Username.of("schuldner");

  @TempDir
  Path data;

  private FakeStripeServer stripe;
  private EmbeddedLdapServer ldap;
  private Uncloud uncloud;
  private JdbcLedger ledger;
  private Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    stripe = FakeStripeServer.start();
    ldap = EmbeddedLdapServer.start(Demo.LDIF);
    StripePaymentGateway payments = StripePaymentGateway.builder(Secret.of(KEY)).apiBase(stripe.baseUrl())
        .webhookSecret(Secret.of(WEBHOOK_SECRET)).customerStore(FileStripeCustomerStore.open(data.resolve("customers")))
        .build();
    ledger = JdbcLedger.sqlite(data.resolve("ledger.db"));
    LdapAccountDirectory directory = LdapAccountDirectory.builder().urls(ldap.url()).tls(LdapTls.NONE).allowPlain(true)
        .bind(ldap.bindDn(), Secret.of(ldap.bindPassword())).userBase("ou=people," + ldap.baseDn()).build();
    uncloud = UncloudCore.builder().ledger(ledger).directory(directory)
        .payments(payments).admin("vppadmin", Secret.of("vppgeheim"))
        .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build())
        .build();
    gateway = Gateway.start(uncloud, GatewaySettings.defaults().withPort(0), Clock.systemUTC());
    stripe.addWebhookEndpoint(URI.create(gateway.uri() + "/stripe/webhook"), WEBHOOK_SECRET);
  }

  @AfterEach
  void stop() {
    gateway.close();
    uncloud.close();
    ldap.close();
    stripe.close();
  }

  private void registerVisa() throws StripeException {
    CardSetup setup = uncloud.payments().startCardSetup(USER);
    StripeClient frontEnd = StripeClient.builder().setApiKey(KEY).setApiBase(stripe.baseUrl()).build();
    frontEnd.v1().setupIntents().confirm(setup.setupId(),
        SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    uncloud.payments().completeCardSetup(USER, setup.setupId());
  }

  private HttpResponse<String> post(String body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.uri() + "/stripe/webhook"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a top-up's payment_intent.succeeded event is accepted and books nothing twice")
  void topUpEventAppliedOnce() throws Exception {
    registerVisa();
    uncloud.topUps().topUp(USER, Money.of("10.00", "CHF"), "w-1");
    String event = stripe.eventIds("payment_intent.succeeded").get(0);

    assertThat(stripe.awaitWebhookDeliveries(1, Duration.ofSeconds(10))).isTrue();
    stripe.resendEvent(event);

    assertThat(stripe.awaitWebhookDeliveries(2, Duration.ofSeconds(10))).isTrue();
    assertThat(stripe.webhookDeliveries()).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
    assertThat(ledger.entries(USER)).hasSize(1);
    assertThat(uncloud.credit().amountAvailable(USER)).isEqualTo(Money.of("10.00", "CHF"));
  }

  @Test
  @DisplayName("a forged or unsigned call is refused with 400 and changes nothing")
  void forgedRefused() throws Exception {
    registerVisa();
    uncloud.topUps().topUp(USER, Money.of("10.00", "CHF"), "w-2");
    String event = stripe.eventIds("payment_intent.succeeded").get(0);
    FakeStripeServer.SignedEvent forged = stripe.signedEvent(event, "whsec_someoneelse");

    HttpResponse<String> wrongSecret = post(forged.payload(), forged.signatureHeader());
    HttpResponse<String> unsigned = post(forged.payload(), null);

    assertThat(wrongSecret.statusCode()).isEqualTo(400);
    assertThat(wrongSecret.body()).contains("\"error\"").doesNotContain(WEBHOOK_SECRET);
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(ledger.entries(USER)).hasSize(1);
  }

  /** Waits until every event so far was delivered, then answers the one delivery of the type. */
  private FakeStripeServer.WebhookDelivery delivered(String type) {
    assertThat(stripe.awaitWebhookDeliveries(stripe.events().size(), Duration.ofSeconds(10))).isTrue();
    return stripe.webhookDeliveries().stream().filter(d -> d.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a setup_intent.succeeded event for a SetupIntent uncloud did not start is answered 2xx and ignored, so Stripe stops retrying")
  void foreignSetupIntentAcknowledged() throws Exception {
    StripeClient someoneElse = StripeClient.builder().setApiKey(KEY).setApiBase(stripe.baseUrl()).build();
    SetupIntent foreign = someoneElse.v1().setupIntents().create(SetupIntentCreateParams.builder()
        .putMetadata(StripePaymentGateway.ACCOUNT_KEY, USER.value()).build());
    someoneElse.v1().setupIntents().confirm(foreign.getId(),
        SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

    assertThat(delivered("setup_intent.succeeded").status()).isEqualTo(200);
    assertThat(uncloud.payments().paymentMethods(USER)).isEmpty();
  }

  @Test
  @DisplayName("a signed top-up event for an account not in the directory books nothing and is kept, durably, as an unapplied payment")
  void topUpForUnknownAccountIsKeptUnapplied() throws Exception {
    StripeClient someoneElse = StripeClient.builder().setApiKey(KEY).setApiBase(stripe.baseUrl()).build();
    someoneElse.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(2000L).setCurrency("chf")
        .setPaymentMethod("pm_card_visa").setConfirm(true)
        .putMetadata(StripePaymentGateway.ACCOUNT_KEY, "ghost")
        .putMetadata(StripePaymentGateway.PAYMENT_ID_KEY, "topup-ghost-1").build());

    assertThat(delivered("payment_intent.succeeded").status()).isEqualTo(200);
    assertThat(ledger.balances(Currency.getInstance("CHF"))).isEmpty();
    assertThat(uncloud.paymentEvents().unappliedPayments()).extracting(UnappliedPayment::paymentId)
        .containsExactly("topup-ghost-1");
    try (JdbcLedger sameDatabase = JdbcLedger.sqlite(data.resolve("ledger.db"))) { // as after a restart
      assertThat(sameDatabase.unappliedPayments()).singleElement().satisfies(payment -> {
        assertThat(payment.account()).isEqualTo(Username.of("ghost"));
        assertThat(payment.amount()).isEqualTo(Money.of("20.00", "CHF"));
        assertThat(payment.isApplied()).isFalse();
      });
    }
  }
}
