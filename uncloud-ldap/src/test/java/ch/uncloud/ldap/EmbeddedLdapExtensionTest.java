package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("EmbeddedLdapExtension")
class EmbeddedLdapExtensionTest {
  private static final String NETHZ = "uid=nethzuser,ou=people,dc=uncloud,dc=test";
  private static final AtomicInteger CLASS_PORT = new AtomicInteger();

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  private static void lockNethz(EmbeddedLdapServer server) throws LDAPException {
    try (LDAPConnection connection = server.openServiceConnection()) {
      connection.modify(NETHZ, new Modification(ModificationType.REPLACE, "vppLock", "TRUE"));
    }
  }

  @RepeatedTest(2)
  @DisplayName("on a static field, serves one server per class and restores the seed before each test")
  void sharedServerIsReset() throws LDAPException {
    CLASS_PORT.compareAndSet(0, LDAP.server().port());
    assertThat(LDAP.server().port()).isEqualTo(CLASS_PORT.get());
    assertThat(LDAP.server().entry(NETHZ).orElseThrow().getAttributeValue("vppLock")).isEqualTo("FALSE");
    lockNethz(LDAP.server());
  }

  @Test
  @DisplayName("starts a server again that a test stopped")
  void stoppedServerIsRestarted() {
    LDAP.server().stop();
    assertThat(LDAP.server().isRunning()).isFalse();
  }

  @Nested
  @DisplayName("in a nested class")
  class NestedTests {
    @RepeatedTest(2)
    @DisplayName("the outer class's server is still running, reset, and the same")
    void sameServer() throws LDAPException {
      assertThat(LDAP.server().isRunning()).isTrue();
      CLASS_PORT.compareAndSet(0, LDAP.server().port());
      assertThat(LDAP.server().port()).isEqualTo(CLASS_PORT.get());
      assertThat(LDAP.server().entry(NETHZ).orElseThrow().getAttributeValue("vppLock")).isEqualTo("FALSE");
      lockNethz(LDAP.server());
    }
  }

  @Nested
  @DisplayName("on an instance field")
  class PerTest {
    private static final AtomicReference<EmbeddedLdapServer> PREVIOUS = new AtomicReference<>();

    @RegisterExtension
    final EmbeddedLdapExtension own = new EmbeddedLdapExtension();

    @RepeatedTest(2)
    @DisplayName("serves a fresh server per test and stops it afterwards")
    void freshServer() {
      EmbeddedLdapServer previous = PREVIOUS.getAndSet(own.server());
      assertThat(own.server().isRunning()).isTrue();
      if (previous != null) {
        assertThat(previous).isNotSameAs(own.server());
        assertThat(previous.isRunning()).isFalse();
      }
    }
  }
}
