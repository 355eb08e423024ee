package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The connections of one directory: a server set in failover order, the service pool (bound as the
 * service account, used for searches and lock writes) and the bind pool (user binds only, so the
 * service pool's identity never changes). Thread-safe.
 */
final class LdapConnections implements AutoCloseable {
  /** Connections that failed over to a later server are retired after this, to return to the first. */
  private static final long FAILOVER_CONNECTION_AGE_MILLIS = 120_000;

  private final FailoverServerSet servers;
  private final LDAPConnectionPool servicePool;
  private final LDAPConnectionPool bindPool;

  private LdapConnections(FailoverServerSet servers, LDAPConnectionPool servicePool, LDAPConnectionPool bindPool) {
    this.servers = servers;
    this.servicePool = servicePool;
    this.bindPool = bindPool;
  }

  /**
   * Opens the pools; fails fast if no server can be reached or the service account is refused.
   *
   * @throws LDAPException if the first connections cannot be made
   */
  static LdapConnections open(LdapSettings settings) throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(Math.toIntExact(settings.connectTimeout().toMillis()));
    options.setResponseTimeoutMillis(settings.operationTimeout().toMillis());
    options.setAbandonOnTimeout(true);
    options.setBindWithDNRequiresPassword(true);
    options.setUseSynchronousMode(true);

    SocketFactory socketFactory = null;
    PostConnectProcessor startTls = null;
    if (settings.tls() != LdapTls.NONE) {
      SSLSocketFactory ssl = sslSocketFactory(settings);
      if (settings.verifyHostname()) {
        options.setSSLSocketVerifier(new CertificateHostVerifier());
      }
      if (settings.tls() == LdapTls.LDAPS) {
        socketFactory = ssl;
      } else {
        startTls = new StartTLSPostConnectProcessor(ssl);
      }
    }

    String[] hosts = settings.servers().stream().map(LdapSettings.Server::host).toArray(String[]::new);
    int[] ports = settings.servers().stream().mapToInt(LdapSettings.Server::port).toArray();
    FailoverServerSet servers = new FailoverServerSet(hosts, ports, socketFactory, options, null, startTls);
    servers.setMaxFailoverConnectionAgeMillis(
        Math.min(FAILOVER_CONNECTION_AGE_MILLIS, settings.maxConnectionAge().toMillis()));

    BindRequest serviceBind = settings.bindDn() == null ? null
        : new SimpleBindRequest(settings.bindDn(), settings.bindPassword().reveal());
    long checkTimeout = settings.operationTimeout().toMillis();
    LDAPConnectionPoolHealthCheck rootDseCheck = new GetEntryLDAPConnectionPoolHealthCheck(
        "", checkTimeout, false, false, false, false, true, true);
    LDAPConnectionPool servicePool = new LDAPConnectionPool(servers, serviceBind, settings.poolSize(),
        settings.poolSize(), 1, null, true, rootDseCheck);
    configure(servicePool, "uncloud-ldap-service", settings);

    LDAPConnectionPool bindPool = null;
    if (settings.bindPoolSize() > 0) {
      try {
        // the base health check only drops connections whose last result says they are broken
        bindPool = new LDAPConnectionPool(servers, null, settings.bindPoolSize(), settings.bindPoolSize(), 1,
            null, true, new LDAPConnectionPoolHealthCheck());
        configure(bindPool, "uncloud-ldap-bind", settings);
      } catch (LDAPException | RuntimeException e) {
        servicePool.close();
        throw e;
      }
    }
    return new LdapConnections(servers, servicePool, bindPool);
  }

  private static void configure(LDAPConnectionPool pool, String name, LdapSettings settings) {
    pool.setConnectionPoolName(name);
    pool.setCreateIfNecessary(false);
    pool.setMaxWaitTimeMillis(settings.poolWaitTimeout().toMillis());
    pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.allOf(OperationType.class));
    pool.setHealthCheckIntervalMillis(settings.healthCheckInterval().toMillis());
    pool.setMaxConnectionAgeMillis(settings.maxConnectionAge().toMillis());
  }

  private static SSLSocketFactory sslSocketFactory(LdapSettings settings) {
    TrustManager trust;
    if (settings.trustStore() == null) {
      trust = JVMDefaultTrustManager.getInstance();
    } else {
      trust = LdapTrust.load(settings.trustStore(), settings.trustStorePassword(), settings.trustStoreType());
    }
    try {
      return new SSLUtil(trust).createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("cannot set up TLS for LDAP with trust store "
          + (settings.trustStore() == null ? "(JVM default)" : settings.trustStore()) + ": " + e.getMessage()
          + "; check uncloud.ldap.trust-store and uncloud.ldap.trust-store-password", e);
    }
  }

  /** @return the pool bound as the service account; never re-bind its connections */
  LDAPConnectionPool service() {
    return servicePool;
  }

  /**
   * @return the pool for user binds, or {@code null} when every user bind gets its own connection
   */
  LDAPConnectionPool bindPoolOrNull() {
    return bindPool;
  }

  /**
   * @return a new, unauthenticated connection to the first reachable server (TLS already set up);
   *     the caller closes it
   * @throws LDAPException if no server can be reached
   */
  LDAPConnection newConnection() throws LDAPException {
    return servers.getConnection();
  }

  @Override
  public void close() {
    servicePool.close();
    if (bindPool != null) {
      bindPool.close();
    }
  }
}
