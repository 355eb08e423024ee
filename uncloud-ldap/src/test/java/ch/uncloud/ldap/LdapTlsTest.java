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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
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
  @DisplayName("plain LDAP is one choice, tls(NONE); the old allowPlain(true) still works, allowPlain(false) contradicts it")
  void plainIsOneChoice() {
    EmbeddedLdapServer server = LDAP.server();
    LdapAccountDirectoryBuilder plain = LdapAccountDirectory.builder().urls(server.url()).tls(LdapTls.NONE)
        .bind(server.bindDn(), Secret.of(server.bindPassword())).userBase("ou=people," + server.baseDn());

    try (LdapAccountDirectory chosen = plain.build()) {
      assertThat(chosen.find(NETHZ)).isPresent();
    }
    try (LdapAccountDirectory confirmed = plain.allowPlain(true).build()) {
      assertThat(confirmed.find(NETHZ)).isPresent();
    }
    assertThatThrownBy(plain.allowPlain(false)::build).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("remove uncloud.ldap.allow-plain");
  }

  @Test
  @DisplayName("a PEM file of the CA certificate is accepted as trust store")
  void pemTrustStore(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("ca.pem");
    Files.writeString(pem, pem(CERTIFICATE), StandardCharsets.US_ASCII);
    LdapAccountDirectoryBuilder builder = builder(LDAP.server(), LDAP.server().ldapsUrl(), CERTIFICATE)
        .trustStore(pem, null);

    try (LdapAccountDirectory directory = builder.build()) {
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
    }
  }

  @Test
  @DisplayName("a trust store that is neither PEM, PKCS#12 nor JKS is refused at start as such, not as a refused certificate")
  void unusableTrustStore(@TempDir Path dir) throws Exception {
    Path garbage = Files.writeString(dir.resolve("ca.txt"), "not a certificate");

    assertThatThrownBy(builder(LDAP.server(), LDAP.server().ldapsUrl(), CERTIFICATE).trustStore(garbage, null)::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.trust-store " + garbage + " cannot be used")
        .hasMessageNotContaining("certificate was refused");
  }

  /** The test certificate as PEM, the form institutions hand out. */
  private static String pem(TestCertificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificate.trustStore())) {
      store.load(in, certificate.password().toCharArray());
    }
    Certificate ca = store.getCertificate(store.aliases().nextElement());
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
