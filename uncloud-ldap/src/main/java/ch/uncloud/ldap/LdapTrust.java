package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Loads {@code uncloud.ldap.trust-store} when the directory starts, so a file that cannot be used is
 * reported as such (not later as a refused server certificate): a PEM file of one or more CA
 * certificates (what most institutions hand out, {@code -----BEGIN CERTIFICATE-----}), or a PKCS#12
 * or JKS key store.
 */
final class LdapTrust {
  private static final String PEM_MARKER = "-----BEGIN CERTIFICATE-----";

  private LdapTrust() {}

  /**
   * @param file the trust store
   * @param password the key store's password, or {@code null} (not used for PEM)
   * @param type {@code PKCS12}, {@code JKS}, {@code PEM}, or {@code null} to detect
   * @return a trust manager trusting the file's certificates
   * @throws ConfigurationException naming the key if the file cannot be read or holds no certificate
   */
  static X509TrustManager load(Path file, Secret password, String type) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      KeyStore store = isPem(bytes, type) ? fromPem(bytes, file) : fromKeyStore(bytes, password, type);
      if (store.size() == 0) {
        throw new ConfigurationException("uncloud.ldap.trust-store " + file + " holds no certificate; give the "
            + "CA certificate of the LDAP servers (PEM, PKCS#12 or JKS)");
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JVM offers no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("uncloud.ldap.trust-store " + file + " cannot be used: " + e.getMessage()
          + "; give a PEM file of CA certificates, or a PKCS#12 or JKS key store with its password in "
          + "uncloud.ldap.trust-store-password", e);
    }
  }

  private static boolean isPem(byte[] bytes, String type) {
    if (type != null) {
      return type.equalsIgnoreCase("PEM");
    }
    return new String(bytes, StandardCharsets.US_ASCII).contains(PEM_MARKER);
  }

  private static KeyStore fromPem(byte[] bytes, Path file) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(bytes));
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    if (certificates.isEmpty()) {
      throw new ConfigurationException("uncloud.ldap.trust-store " + file + " is a PEM file without a certificate");
    }
    return store;
  }

  private static KeyStore fromKeyStore(byte[] bytes, Secret password, String type)
      throws IOException, GeneralSecurityException {
    char[] pin = password == null ? null : password.reveal().toCharArray();
    if (type != null) {
      return load(bytes, type.toUpperCase(Locale.ROOT), pin);
    }
    try {
      return load(bytes, "PKCS12", pin);
    } catch (IOException | GeneralSecurityException pkcs12) {
      try {
        return load(bytes, "JKS", pin);
      } catch (IOException | GeneralSecurityException jks) {
        pkcs12.addSuppressed(jks);
        throw pkcs12;
      }
    }
  }

  private static KeyStore load(byte[] bytes, String type, char[] pin) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      store.load(in, pin);
    }
    return store;
  }
}
