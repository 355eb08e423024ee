package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testservers.TestCertificate;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LdapAccountDirectory over TLS: LDAPS and StartTLS with a self-signed certificate made in the test")
class LdapTlsTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Secret NETHZ_PASSWORD = Secret.of("nethzpass");
  private static final TestCertificate CERTIFICATE = TestCertificate.forLoopback(tempDirectory());

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension(server -> server.tls(CERTIFICATE));

  private static Path tempDirectory() {
    try {
      Path directory = Files.createTempDirectory("uncloud-ldap-tls");
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LdapAccountDirectoryBuilder builder(EmbeddedLdapServer server, String url, TestCertificate trusted) {
    return LdapAccountDirectory.builder()
        .urls(url)
        .trustStore(trusted.trustStore(), Secret.of(trusted.password()))
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn());
  }

  @Test
  @DisplayName("ldaps:// URLs use LDAPS by default, and authentication and lock writes work over it")
  void ldaps() {
    try (LdapAccountDirectory directory = builder(LDAP.server(), LDAP.server().ldapsUrl(), CERTIFICATE).build()) {
      assertThat(directory.toString()).contains("ldaps://");
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
    }
  }

  @Test
  @DisplayName("ldap:// URLs use StartTLS by default, and authentication and lock writes work over it")
  void startTls() {
    try (LdapAccountDirectory directory = builder(LDAP.server(), LDAP.server().url(), CERTIFICATE).build()) {
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
    }
  }

  @Test
  @DisplayName("a certificate that is not in the trust store is refused, with LDAPS and with StartTLS")
  void untrustedCertificateRefused(@TempDir Path other) {
    TestCertificate stranger = TestCertificate.forLoopback(other);
    EmbeddedLdapServer server = LDAP.server();
    assertThatThrownBy(() -> builder(server, server.ldapsUrl(), stranger).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("trust-store");
    assertThatThrownBy(() -> builder(server, server.url(), stranger).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("trust-store");
  }

  @Test
  @DisplayName("a certificate for another host name is refused unless host name checks are switched off")
  void hostNameVerified(@TempDir Path directory) {
    TestCertificate otherHost = TestCertificate.generate(directory, List.of("ldap.example.org"), List.of());
    try (EmbeddedLdapServer server = EmbeddedLdapServer.builder().ldifResource(AccountDirectoryContract.SEED_LDIF)
        .tls(otherHost).build().start()) {
      assertThatThrownBy(() -> builder(server, server.ldapsUrl(), otherHost).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("verify-hostname");
      assertThatThrownBy(() -> builder(server, server.url(), otherHost).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("verify-hostname");

      try (LdapAccountDirectory unchecked = builder(server, server.ldapsUrl(), otherHost)
          .verifyHostname(false).build()) {
        assertThat(unchecked.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
      }
    }
  }

  @Test
  @DisplayName("plain LDAP is refused unless explicitly allowed")
  void plainRefusedByDefault() {
    EmbeddedLdapServer server = LDAP.server();
    LdapAccountDirectoryBuilder plain = LdapAccountDirectory.builder().urls(server.url()).tls(LdapTls.NONE)
        .bind(server.bindDn(), Secret.of(server.bindPassword())).userBase("ou=people," + server.baseDn());

    assertThatThrownBy(plain::build).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.allow-plain=true");
    try (LdapAccountDirectory allowed = plain.allowPlain(true).build()) {
      assertThat(allowed.find(NETHZ)).isPresent();
    }
  }
}
