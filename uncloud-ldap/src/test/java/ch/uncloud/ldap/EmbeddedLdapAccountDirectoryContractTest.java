package ch.uncloud.ldap;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testkit.DirectoryProbe;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("LdapAccountDirectory on the embedded UnboundID server fulfils the account-directory contract")
class EmbeddedLdapAccountDirectoryContractTest extends AccountDirectoryContract {
  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  @Override
  protected AccountDirectory newDirectory() {
    EmbeddedLdapServer server = LDAP.server();
    return LdapAccountDirectory.builder()
        .urls(server.url())
        .tls(LdapTls.NONE).allowPlain(true)
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn())
        .groupBase("ou=groups," + server.baseDn())
        .poolSize(2)
        .build();
  }

  @Override
  protected DirectoryProbe probe() {
    EmbeddedLdapServer server = LDAP.server();
    return new LdapDirectoryProbe(server.port(), server.bindDn(), server.bindPassword(), "ou=people," + server.baseDn());
  }
}
