package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.SetupIntentConfirmParams;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one ledger database (here two instances built from the same configuration, as the
 * command and the gateway are): with {@code uncloud.payment-records=jdbc} the Stripe customer ids and
 * the applied webhook events live in that database, so both see the same cards.
 */
@DisplayName("Payment records in the ledger's database: a card registered through one uncloud is charged by another")
class SharedPaymentRecordsTest {
  private static final String KEY = "sk_test_uncloudshared";
  private static final Username USER = Username.of("schuldner");

  @TempDir
  Path data;

  private FakeStripeServer stripe;
  private EmbeddedLdapServer ldap;

  @BeforeEach
  void start() {
    stripe = FakeStripeServer.start();
    ldap = EmbeddedLdapServer.start(Demo.LDIF);
  }

  @AfterEach
  void stop() {
    ldap.close();
    stripe.close();
  }

  private Uncloud open() {
    return UncloudCore.fromConfig(ProviderConfig.of(Map.ofEntries(
        Map.entry("uncloud.currency", "CHF"),
        Map.entry("uncloud.ledger", "jdbc"),
        Map.entry("uncloud.jdbc.url", "jdbc:sqlite:" + data.resolve("uncloud.db")),
        Map.entry("uncloud.directory", "ldap"),
        Map.entry("uncloud.ldap.urls", ldap.url()),
        Map.entry("uncloud.ldap.tls", "none"),
        Map.entry("uncloud.ldap.allow-plain", "true"),
        Map.entry("uncloud.ldap.bind-dn", ldap.bindDn()),
        Map.entry("uncloud.ldap.bind-password", "plain:" + ldap.bindPassword()),
        Map.entry("uncloud.ldap.user-base", "ou=people," + ldap.baseDn()),
        Map.entry("uncloud.payments", "stripe"),
        Map.entry("uncloud.stripe.secret-key", "plain:" + KEY),
        Map.entry("uncloud.stripe.api-base", stripe.baseUrl()),
        Map.entry("uncloud.payment-records", "jdbc"))).withEnvironment(Map.of()));
  }

  private void confirmInBrowser(CardRegistration registration) throws StripeException {
    StripeClient frontEnd = StripeClient.builder().setApiKey(KEY).setApiBase(stripe.baseUrl()).build();
    frontEnd.v1().setupIntents().confirm(registration.setupId(),
        SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
  }

  @Test
  @DisplayName("a card registered through the command's uncloud is listed and charged by the gateway's, without a customer file")
  void registeredInOneChargedByAnother() throws StripeException {
    try (Uncloud command = open(); Uncloud gateway = open()) {
      CardRegistration registration = command.cards().start(USER, IdempotencyKey.of("reg-1"));
      confirmInBrowser(registration);
      PaymentMethod card = command.cards().complete(USER, registration.setupId());

      assertThat(gateway.cards().list(USER)).extracting(PaymentMethod::id).containsExactly(card.id());
      gateway.topUps().topUp(USER, Money.of("10.00", "CHF"), "shared-1");

      assertThat(stripe.customerCount()).isEqualTo(1);
      assertThat(stripe.succeededChargeCount()).isEqualTo(1);
      assertThat(command.credit().amountAvailable(USER)).isEqualTo(gateway.credit().amountAvailable(USER));
    }
  }

  @Test
  @DisplayName("a payment event applied by one uncloud is a duplicate to the other")
  void appliedEventsAreShared() throws StripeException {
    try (Uncloud first = open(); Uncloud second = open()) {
      CardRegistration registration = first.cards().start(USER, IdempotencyKey.of("reg-1"));
      confirmInBrowser(registration);
      first.cards().complete(USER, registration.setupId());
      PaymentEvent event = PaymentEvent.cardSetupSucceeded(
          "evt_shared_1", "setup_intent.succeeded", USER, registration.setupId());

      PaymentEvents.Outcome once = first.paymentEvents().apply(event);
      PaymentEvents.Outcome again = second.paymentEvents().apply(event);

      assertThat(once).isNotEqualTo(PaymentEvents.Outcome.DUPLICATE);
      assertThat(again).isEqualTo(PaymentEvents.Outcome.DUPLICATE);
    }
  }
}
