package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.TestCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The TLS host check accepts exactly the hosts a certificate names")
class CertificateHostVerifierTest {
  @Test
  @DisplayName("DNS names, one-label wildcards and IP addresses are matched as RFC 6125 says")
  void matchesNames(@TempDir Path directory) throws Exception {
    TestCertificate generated = TestCertificate.generate(directory,
        List.of("ldap.example.com", "*.example.org"), List.of("10.0.0.1"));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(generated.trustStore())) {
      trust.load(in, generated.password().toCharArray());
    }
    X509Certificate certificate = (X509Certificate) trust.getCertificate("server");

    assertThat(CertificateHostVerifier.names("ldap.example.com", certificate)).isTrue();
    assertThat(CertificateHostVerifier.names("LDAP.Example.COM", certificate)).isTrue();
    assertThat(CertificateHostVerifier.names("ldap1.example.org", certificate)).isTrue();
    assertThat(CertificateHostVerifier.names("10.0.0.1", certificate)).isTrue();

    assertThat(CertificateHostVerifier.names("example.org", certificate)).isFalse();
    assertThat(CertificateHostVerifier.names("a.b.example.org", certificate)).isFalse();
    assertThat(CertificateHostVerifier.names("ldap.example.com.evil.net", certificate)).isFalse();
    assertThat(CertificateHostVerifier.names("10.0.0.2", certificate)).isFalse();
    assertThat(CertificateHostVerifier.names("127.0.0.1", certificate)).isFalse();
    assertThat(CertificateHostVerifier.names("localhost", certificate)).isFalse();
  }
}
