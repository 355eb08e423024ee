package ch.uncloud.cli;

import ch.uncloud.core.UncloudCore;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;

/**
 * What a command runs against: the {@link Uncloud} and, in the demo, the embedded LDAP server
 * behind it. Closing stops both, the credit service first.
 *
 * @param uncloud the services
 * @param ldap the demo's embedded LDAP server, or {@code null}
 * @param demo whether this is the demo
 * @param ledgerDescription where the ledger lives, for the start banner
 * @param stripe the demo's in-process Stripe test server, or {@code null}
 */
record Backend(UncloudCore uncloud, EmbeddedLdapServer ldap, boolean demo, String ledgerDescription,
    FakeStripeServer stripe) implements AutoCloseable {

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
