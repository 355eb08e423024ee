package ch.uncloud.ldap;

import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension around an {@link EmbeddedLdapServer} (uncloud-testservers), seeded with the
 * testkit's contract directory ({@link AccountDirectoryContract#SEED_LDIF}) unless the configuration
 * names another seed. It lives in this module's tests because the test servers carry no JUnit.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();
 *
 * @Test void finds() { ... LDAP.server().url() ... }
 * }</pre>
 *
 * <p>On a {@code static} field the server starts once for the class and stops after it; on an
 * instance field it starts and stops around each test. Either way the seed data is restored and a
 * scripted delay cleared before every test, so tests do not see each other's changes, and a server a
 * test stopped is started again.
 */
public final class EmbeddedLdapExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Consumer<EmbeddedLdapServer.Builder> configuration;
  private EmbeddedLdapServer server;
  private int classDepth; // @Nested classes see the outer class's extension and call beforeAll again

  /** An extension serving the contract directory on a free loopback port. */
  public EmbeddedLdapExtension() {
    this(builder -> { });
  }

  /** @param configuration adjusts the server builder (seed, TLS, port) before the server is built */
  public EmbeddedLdapExtension(Consumer<EmbeddedLdapServer.Builder> configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  /**
   * @return the running server
   * @throws IllegalStateException outside a test's lifecycle
   */
  public EmbeddedLdapServer server() {
    if (server == null) {
      throw new IllegalStateException("the embedded LDAP server runs only while a test runs; "
          + "register the extension with @RegisterExtension");
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (classDepth++ == 0) {
      server = newServer();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (--classDepth == 0) {
      stopServer();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = newServer();
      return;
    }
    server.start();
    server.delayResponses(java.time.Duration.ZERO);
    server.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (classDepth == 0) {
      stopServer();
    }
  }

  private EmbeddedLdapServer newServer() {
    EmbeddedLdapServer.Builder builder = EmbeddedLdapServer.builder().ldifResource(AccountDirectoryContract.SEED_LDIF);
    configuration.accept(builder);
    return builder.build().start();
  }

  private void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
