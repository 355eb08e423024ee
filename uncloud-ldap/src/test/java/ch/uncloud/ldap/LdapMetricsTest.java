package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The LDAP directory's meters")
class LdapMetricsTest {
  private static final Username NETHZ = Username.of("nethzuser");

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  private static LdapAccountDirectory directory() {
    EmbeddedLdapServer server = LDAP.server();
    return LdapAccountDirectory.builder().urls(server.url()).tls(LdapTls.NONE).allowPlain(true)
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn()).groupBase("ou=groups," + server.baseDn())
        .poolSize(3).connectTimeout(Duration.ofSeconds(2)).operationTimeout(Duration.ofSeconds(3)).build();
  }

  @Test
  @DisplayName("time lookups and modifications, count lock flag writes, and show the pool's connections")
  void recordsRequestsAndLockFlags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LdapAccountDirectory directory = directory()) {
      directory.recordMetricsTo(registry);
      assertThat(directory.find(NETHZ)).isPresent();
      assertThat(directory.find(Username.of("nobody-here"))).isEmpty();
      directory.setLocked(NETHZ, true);
      directory.setLocked(NETHZ, true); // already set: no write
      directory.setLocked(NETHZ, false);

      assertThat(registry.get(LdapMeters.LATENCY).tag("operation", "lookup").tag("outcome", "ok").timer().count())
          .isEqualTo(5);
      assertThat(registry.get(LdapMeters.LATENCY).tag("operation", "modify").tag("outcome", "ok").timer().count())
          .isEqualTo(2);
      assertThat(registry.get(LdapMeters.LOCK_FLAG_WRITES).tag("outcome", "written").counter().count()).isEqualTo(2);
      assertThat(registry.get(LdapMeters.LOCK_FLAG_WRITES).tag("outcome", "failed").counter().count()).isZero();
      assertThat(registry.get(LdapMeters.POOL).tag("state", "max").gauge().value()).isEqualTo(3);
      assertThat(registry.get(LdapMeters.POOL).tag("state", "available").gauge().value()).isBetween(1.0, 3.0);
    }
  }

  @Test
  @DisplayName("count a lock flag write the server refuses as failed")
  void countsRefusedLockFlagWrites() {
    EmbeddedLdapServer server = LDAP.server();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // bound as the person, not the service account: it reads its own entry but may not write its flag
    try (LdapAccountDirectory directory = LdapAccountDirectory.builder().urls(server.url()).tls(LdapTls.NONE)
        .allowPlain(true).bind("uid=nethzuser,ou=people," + server.baseDn(), Secret.of("nethzpass"))
        .userBase("ou=people," + server.baseDn()).groupBase("ou=groups," + server.baseDn()).build()) {
      directory.recordMetricsTo(registry);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.setLocked(NETHZ, true))
          .isInstanceOf(ch.uncloud.api.UncloudException.class);
    }
    assertThat(registry.get(LdapMeters.LOCK_FLAG_WRITES).tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get(LdapMeters.LOCK_FLAG_WRITES).tag("outcome", "written").counter().count()).isZero();
    assertThat(registry.get(LdapMeters.LATENCY).tag("operation", "modify").tag("outcome", "error").timer().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("count a lookup that fails while the server is down as an error")
  void countsFailures() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LdapAccountDirectory directory = directory()) {
      directory.recordMetricsTo(registry);
      LDAP.server().stop();
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.find(NETHZ))
            .isInstanceOf(ch.uncloud.api.ProviderUnavailableException.class);
      } finally {
        LDAP.server().start();
      }
      assertThat(registry.get(LdapMeters.LATENCY).tag("operation", "lookup").tag("outcome", "error").timer().count())
          .isEqualTo(1);
    }
  }
}
