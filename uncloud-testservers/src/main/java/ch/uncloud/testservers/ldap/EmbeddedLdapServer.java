package ch.uncloud.testservers.ldap;

import ch.uncloud.testservers.TestCertificate;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryDirectoryServerSnapshot;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real LDAP server for tests and demos: UnboundID's in-memory directory on a loopback port, with
 * the standard schema plus uncloud's ({@code uncloudAccount} with {@code vppLock} and
 * {@code studyYear}), seeded from an LDIF the caller names (a file, or a class-path resource such as
 * the testkit's contract directory {@code ch/uncloud/testkit/contract-directory.ldif} or the demo's
 * directory).
 *
 * <p>Clients must bind before they search or modify, as with a real institution's directory; the
 * service account is {@link #bindDn()} / {@link #bindPassword()}. With {@link Builder#tls(TestCertificate)}
 * the LDAP port also offers StartTLS and a second port speaks LDAPS.
 *
 * <p>Test helpers: {@link #stop()} and {@link #start()} again on the same ports (a server restart as
 * clients see it), {@link #reset()} back to the seed data, {@link #delayResponses(Duration)} to make
 * the server slow, and operation counters. Thread-safe.
 *
 * <p>Standalone: {@code java ch.uncloud.testservers.ldap.EmbeddedLdapServer --port 10389 --ldif my.ldif}.
 */
public final class EmbeddedLdapServer implements AutoCloseable {
  /** The schema resource added on top of UnboundID's standard schema. */
  public static final String SCHEMA_LDIF = "ch/uncloud/testservers/ldap/uncloud-schema.ldif";
  /** The service account's default password; a test value, never use it elsewhere. */
  public static final String DEFAULT_BIND_PASSWORD = "embedded-admin-secret";

  private static final String LDAP_LISTENER = "ldap";
  private static final String LDAPS_LISTENER = "ldaps";

  private final InMemoryDirectoryServer server;
  private final InMemoryDirectoryServerSnapshot seed;
  private final Counters counters;
  private final String baseDn;
  private final String bindDn;
  private final String bindPassword;
  private final int port;
  private final int ldapsPort;
  private boolean running;

  private EmbeddedLdapServer(InMemoryDirectoryServer server, Counters counters, String baseDn, String bindDn,
      String bindPassword, int port, int ldapsPort) {
    this.server = server;
    this.seed = server.createSnapshot();
    this.counters = counters;
    this.baseDn = baseDn;
    this.bindDn = bindDn;
    this.bindPassword = bindPassword;
    this.port = port;
    this.ldapsPort = ldapsPort;
  }

  /** @return a builder for a free loopback port; name the seed with {@link Builder#ldif} or {@link Builder#ldifResource} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server seeded from a class-path LDIF on a free loopback port.
   *
   * @param classpathResource the seed, e.g. the testkit's {@code ch/uncloud/testkit/contract-directory.ldif}
   * @return the running server; close it when done
   */
  public static EmbeddedLdapServer start(String classpathResource) {
    return builder().ldifResource(classpathResource).build().start();
  }

  /**
   * Starts listening (again, after {@link #stop()}) on the same ports. Data survives a stop.
   *
   * @return this server
   * @throws IllegalStateException if a port cannot be bound
   */
  public synchronized EmbeddedLdapServer start() {
    if (!running) {
      try {
        server.startListening();
      } catch (LDAPException e) {
        throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
      running = true;
    }
    return this;
  }

  /** Stops listening and drops every open client connection, like a crashed server. Idempotent. */
  public synchronized void stop() {
    if (running) {
      server.shutDown(true);
      running = false;
    }
  }

  /** Stops the server for good. Idempotent. */
  @Override
  public void close() {
    stop();
  }

  /** @return whether the server is listening */
  public synchronized boolean isRunning() {
    return running;
  }

  /** Puts the seed data back: every change since the start is undone. Counters are kept. */
  public void reset() {
    server.restoreSnapshot(seed);
  }

  /**
   * Makes every later bind, search and modify wait before it is processed (a slow or hanging
   * server). {@link Duration#ZERO} turns it off.
   *
   * @param delay the wait per operation
   */
  public void delayResponses(Duration delay) {
    counters.delayMillis = delay.toMillis();
  }

  /** @return the plain LDAP port (StartTLS too, if TLS is configured) on 127.0.0.1 */
  public int port() {
    return port;
  }

  /** @return {@code ldap://127.0.0.1:PORT} */
  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  /**
   * @return {@code ldaps://127.0.0.1:PORT} of the LDAPS listener
   * @throws IllegalStateException if the server was built without TLS
   */
  public String ldapsUrl() {
    if (ldapsPort < 0) {
      throw new IllegalStateException("this server has no LDAPS listener; build it with tls(...)");
    }
    return "ldaps://127.0.0.1:" + ldapsPort;
  }

  /** @return the base DN of the seed data, e.g. {@code dc=uncloud,dc=test} */
  public String baseDn() {
    return baseDn;
  }

  /** @return the service account's DN, e.g. {@code cn=admin,dc=uncloud,dc=test} */
  public String bindDn() {
    return bindDn;
  }

  /** @return the service account's password (a test value) */
  public String bindPassword() {
    return bindPassword;
  }

  /** @return simple binds processed (users and service accounts) */
  public long bindCount() {
    return counters.binds.get();
  }

  /** @return searches processed */
  public long searchCount() {
    return counters.searches.get();
  }

  /** @return modify operations processed */
  public long modifyCount() {
    return counters.modifies.get();
  }

  /**
   * Reads an entry directly, bypassing the network (for assertions).
   *
   * @param dn the entry's DN
   * @return the entry, if it exists
   */
  public Optional<Entry> entry(String dn) {
    try {
      return Optional.ofNullable(server.getEntry(dn));
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a DN: " + dn, e);
    }
  }

  /**
   * @return a new connection bound as the service account; the caller closes it
   * @throws IllegalStateException if the server is not running
   */
  public LDAPConnection openServiceConnection() {
    try {
      LDAPConnection connection = new LDAPConnection("127.0.0.1", port);
      connection.bind(bindDn, bindPassword);
      return connection;
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot connect to the embedded LDAP server: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedLdapServer[" + url() + (ldapsPort >= 0 ? ", " + ldapsUrl() : "") + ", base " + baseDn + "]";
  }

  /**
   * Runs a server until the process is stopped.
   *
   * <pre>
   * --port N        LDAP port on 127.0.0.1 (default: a free one, printed)
   * --ldif FILE     seed data (required)
   * --bind-dn DN    service account (default: cn=admin,BASE)
   * </pre>
   * The service account's password is read from the environment variable
   * {@code UNCLOUD_FAKE_LDAP_PASSWORD} if set, else it is {@value #DEFAULT_BIND_PASSWORD}.
   *
   * @param args the options
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    EmbeddedLdapServer server = fromArguments(System.getenv("UNCLOUD_FAKE_LDAP_PASSWORD"), args).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "embedded-ldap-shutdown"));
    System.out.println("LDAP server listening on " + server.url() + ", base " + server.baseDn()
        + ", service account " + server.bindDn() + "; stop with Ctrl-C");
    stopped.await();
  }

  /**
   * Reads the standalone options (see {@link #main(String[])}) into a builder.
   *
   * @param password the service account's password, or {@code null} for the default
   * @param args {@code --port N}, {@code --ldif FILE}, {@code --bind-dn DN}
   * @return a builder with those settings
   * @throws IllegalArgumentException for an unknown option, a missing value or a bad port
   */
  public static Builder fromArguments(String password, String... args) {
    Builder builder = builder();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value; options: --port N --ldif FILE --bind-dn DN");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> builder.port(parsePort(value));
        case "--ldif" -> builder.ldif(Path.of(value));
        case "--bind-dn" -> builder.bindDn(value);
        default -> throw new IllegalArgumentException("unknown option " + option
            + "; options: --port N --ldif FILE --bind-dn DN");
      }
    }
    if (password != null && !password.isEmpty()) {
      builder.bindPassword(password);
    }
    return builder;
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number 0..65535, not '" + value + "'", e);
    }
  }

  /** Configures an {@link EmbeddedLdapServer}. Not thread-safe. */
  public static final class Builder {
    private int port;
    private Path ldifFile;
    private String ldifResource;
    private String baseDn;
    private String bindDn;
    private String bindPassword = DEFAULT_BIND_PASSWORD;
    private TestCertificate certificate;

    private Builder() {}

    /**
     * @param port the LDAP port on 127.0.0.1; 0 (the default) picks a free one
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param file seed data in LDIF
     * @return this builder
     */
    public Builder ldif(Path file) {
      this.ldifFile = Objects.requireNonNull(file, "file");
      this.ldifResource = null;
      return this;
    }

    /**
     * @param classpathResource seed data in LDIF, a class-path resource name
     * @return this builder
     */
    public Builder ldifResource(String classpathResource) {
      this.ldifResource = Objects.requireNonNull(classpathResource, "classpathResource");
      this.ldifFile = null;
      return this;
    }

    /**
     * @param baseDn the naming context; default: the DN of the seed's first entry
     * @return this builder
     */
    public Builder baseDn(String baseDn) {
      this.baseDn = Objects.requireNonNull(baseDn, "baseDn");
      return this;
    }

    /**
     * @param bindDn the service account's DN; default {@code cn=admin,BASE}
     * @return this builder
     */
    public Builder bindDn(String bindDn) {
      this.bindDn = Objects.requireNonNull(bindDn, "bindDn");
      return this;
    }

    /**
     * @param bindPassword the service account's password
     * @return this builder
     */
    public Builder bindPassword(String bindPassword) {
      this.bindPassword = Objects.requireNonNull(bindPassword, "bindPassword");
      return this;
    }

    /**
     * Enables TLS: StartTLS on the LDAP port and an LDAPS listener on a second free port.
     *
     * @param certificate the server's key and certificate
     * @return this builder
     */
    public Builder tls(TestCertificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /**
     * Creates the server, seeded but not yet listening; call {@link EmbeddedLdapServer#start()}.
     *
     * @return the server
     */
    public EmbeddedLdapServer build() {
      if (ldifFile == null && ldifResource == null) {
        throw new IllegalStateException("the embedded LDAP server has no seed data: name an LDIF file with ldif(...) "
            + "(--ldif FILE when standalone) or a class-path resource with ldifResource(...)");
      }
      List<Entry> entries = readSeed();
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("the seed LDIF holds no entries");
      }
      String base = baseDn != null ? baseDn : entries.get(0).getDN();
      String admin = bindDn != null ? bindDn : "cn=admin," + base;
      Counters counters = new Counters();
      try {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
        Schema schema = Schema.mergeSchemas(Schema.getDefaultStandardSchema(), uncloudSchema());
        config.setSchema(schema);
        config.addAdditionalBindCredentials(admin, bindPassword);
        SlapdRules rules = new SlapdRules(schema, admin);
        config.addInMemoryOperationInterceptor(rules);
        config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE,
            OperationType.MODIFY, OperationType.ADD, OperationType.DELETE, OperationType.MODIFY_DN);
        config.addInMemoryOperationInterceptor(counters);
        config.addInMemoryOperationInterceptor(new UidMatching());
        config.setAccessLogHandler(null);
        int ldapPort = port == 0 ? freePort() : port;
        int securePort = -1;
        List<InMemoryListenerConfig> listeners = new ArrayList<>();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        if (certificate == null) {
          listeners.add(InMemoryListenerConfig.createLDAPConfig(LDAP_LISTENER, loopback, ldapPort, null));
        } else {
          SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(certificate.keyStore().toFile(),
              certificate.password().toCharArray(), "PKCS12", null), null);
          securePort = freePort();
          listeners.add(InMemoryListenerConfig.createLDAPConfig(LDAP_LISTENER, loopback, ldapPort,
              serverSsl.createSSLSocketFactory()));
          listeners.add(InMemoryListenerConfig.createLDAPSConfig(LDAPS_LISTENER, loopback, securePort,
              serverSsl.createSSLServerSocketFactory(), null));
        }
        config.setListenerConfigs(listeners);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        rules.attach(server);
        for (Entry entry : entries) {
          server.add(entry);
        }
        return new EmbeddedLdapServer(server, counters, base, admin, bindPassword, ldapPort, securePort);
      } catch (LDAPException | IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up the embedded LDAP server: " + e.getMessage(), e);
      }
    }

    private List<Entry> readSeed() {
      try (InputStream in = openSeed(); LDIFReader reader = new LDIFReader(in)) {
        List<Entry> entries = new ArrayList<>();
        for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
          entries.add(entry);
        }
        return entries;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the seed LDIF " + seedName(), e);
      } catch (LDIFException e) {
        throw new IllegalArgumentException("the seed LDIF " + seedName() + " is not valid LDIF: " + e.getMessage(), e);
      }
    }

    private InputStream openSeed() throws IOException {
      if (ldifFile != null) {
        return Files.newInputStream(ldifFile);
      }
      InputStream in = EmbeddedLdapServer.class.getClassLoader().getResourceAsStream(ldifResource);
      if (in == null) {
        throw new IOException("class-path resource " + ldifResource + " not found");
      }
      return in;
    }

    private String seedName() {
      return ldifFile != null ? ldifFile.toString() : ldifResource;
    }

    private static Schema uncloudSchema() throws IOException {
      try (InputStream in = EmbeddedLdapServer.class.getClassLoader().getResourceAsStream(SCHEMA_LDIF)) {
        if (in == null) {
          throw new IOException("class-path resource " + SCHEMA_LDIF + " not found");
        }
        return Schema.getSchema(in);
      } catch (LDIFException e) {
        throw new IOException("the schema resource " + SCHEMA_LDIF + " is not valid LDIF", e);
      }
    }

    // A port picked up front (not 0) lets stop() and start() reuse it, as a restarted server would.
    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        return socket.getLocalPort();
      }
    }
  }

  /** Counts operations and applies the scripted delay; called on the server's connection threads. */
  private static final class Counters extends InMemoryOperationInterceptor {
    final AtomicLong binds = new AtomicLong();
    final AtomicLong searches = new AtomicLong();
    final AtomicLong modifies = new AtomicLong();
    volatile long delayMillis;

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
      binds.incrementAndGet();
      pause();
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      searches.incrementAndGet();
      pause();
    }

    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
      modifies.incrementAndGet();
      pause();
    }

    private void pause() {
      long millis = delayMillis;
      if (millis > 0) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
