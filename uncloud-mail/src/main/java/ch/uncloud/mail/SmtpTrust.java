package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads {@code uncloud.mail.trust-store} when the notices start, so a file that cannot be used is
 * reported as such rather than later as a refused server certificate: a PEM file of CA certificates
 * or a PKCS#12 key store.
 */
final class SmtpTrust {
  private SmtpTrust() {}

  static SSLSocketFactory socketFactory(Path file, Secret password) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      KeyStore store;
      if (new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(bytes));
        int i = 0;
        for (Certificate certificate : certificates) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
      } else {
        store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(bytes), password == null ? null : password.reveal().toCharArray());
      }
      if (store.size() == 0) {
        throw new ConfigurationException("uncloud.mail.trust-store " + file + " holds no certificate; give the CA "
            + "certificate of the SMTP server (PEM or PKCS#12)");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("uncloud.mail.trust-store " + file + " cannot be used: " + e.getMessage()
          + "; give a PEM file of CA certificates, or a PKCS#12 key store with its password in "
          + "uncloud.mail.trust-store-password", e);
    }
  }
}
