package ch.uncloud.cli;

import ch.uncloud.api.Secret;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.net.URI;

/**
 * What a command runs against: the {@link Uncloud} and, in the demo, the embedded LDAP server
 * behind it. Closing stops both, the credit service first.
 *
 * @param uncloud the services
 * @param ldap the demo's embedded LDAP server, or {@code null}
 * @param demo whether this is the demo
 * @param ledgerDescription where the ledger lives, for the start banner
 * @param stripe the demo's in-process Stripe test server, or {@code null}
 * @param stripeWebhookSecret the webhook signing secret the demo generated for this run, or {@code null}
 */
record Backend(UncloudCore uncloud, EmbeddedLdapServer ldap, boolean demo, String ledgerDescription,
    FakeStripeServer stripe, Secret stripeWebhookSecret) implements AutoCloseable {

  /**
   * The demo's Stripe test server sends its events, signed with the generated secret, to the gateway's
   * {@code POST /stripe/webhook}, as Stripe does in production. Does nothing without the test server.
   *
   * @param gateway the running gateway's URL
   */
  void sendStripeWebhooksTo(URI gateway) {
    if (stripe != null) {
      stripe.addWebhookEndpoint(gateway.resolve("/stripe/webhook"), stripeWebhookSecret.reveal());
    }
  }

  @Override
  public void close() {
    try {
      uncloud.close();
    } finally {
      if (ldap != null) {
        ldap.close();
      }
      if (stripe != null) {
        stripe.close();
      }
    }
  }
}
