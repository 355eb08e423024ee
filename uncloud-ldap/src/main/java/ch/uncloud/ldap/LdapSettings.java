package ch.uncloud.ldap;

import ch.uncloud.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The validated settings of one {@link LdapAccountDirectory}; built by
 * {@link LdapAccountDirectoryBuilder}. Secrets stay wrapped; {@link #toString()} never shows them.
 */
record LdapSettings(
    List<Server> servers,
    LdapTls tls,
    Path trustStore,
    Secret trustStorePassword,
    String trustStoreType,
    boolean verifyHostname,
    String bindDn,
    Secret bindPassword,
    String userBase,
    String userAttribute,
    String userFilter,
    String groupBase,
    String groupAttribute,
    List<String> groupMemberAttributes,
    List<String> groupMemberNameAttributes,
    String memberOfAttribute,
    String lockAttribute,
    String lockTrue,
    String lockFalse,
    String lockObjectClass,
    String disabledFilter,
    int poolSize,
    int bindPoolSize,
    Duration connectTimeout,
    Duration operationTimeout,
    Duration poolWaitTimeout,
    Duration healthCheckInterval,
    Duration maxConnectionAge) {

  /** One server from {@code uncloud.ldap.urls}. */
  record Server(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** @return the servers in failover order, for messages */
  String describeServers() {
    return (tls == LdapTls.LDAPS ? "ldaps://" : "ldap://") + servers.toString().replace("[", "").replace("]", "")
        .replace(", ", (tls == LdapTls.LDAPS ? ", ldaps://" : ", ldap://"));
  }

  @Override
  public String toString() {
    return "LdapSettings[" + describeServers() + ", tls=" + tls + ", userBase=" + userBase + "]";
  }
}
