package ch.uncloud.testservers;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate made for one test run, in PKCS#12 files: the server's key store
 * and a trust store holding only that certificate. Valid for two days; no network, no external tool.
 *
 * @param keyStore the server's key store (alias {@code server})
 * @param trustStore a trust store with the certificate (alias {@code server})
 * @param password the password of both stores (a random test value)
 */
public record TestCertificate(Path keyStore, Path trustStore, String password) {
  /**
   * Checks the fields.
   *
   * @param keyStore the server's key store
   * @param trustStore the trust store
   * @param password the password of both
   */
  public TestCertificate {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Makes a certificate whose subject is the first name given and whose subject alternative names
   * are all of them.
   *
   * @param directory where to write {@code server.p12} and {@code trust.p12}
   * @param dnsNames DNS names the certificate is valid for (e.g. {@code localhost})
   * @param ipAddresses IP addresses it is valid for (e.g. {@code 127.0.0.1})
   * @return the certificate's files
   */
  public static TestCertificate generate(Path directory, List<String> dnsNames, List<String> ipAddresses) {
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("give at least one DNS name or IP address");
    }
    String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
    String password = UUID.randomUUID().toString();
    Path keyStore = directory.resolve("server.p12");
    Path trustStore = directory.resolve("trust.p12");
    List<String> args = new ArrayList<>(List.of("generate-self-signed-certificate",
        "--keystore", keyStore.toString(), "--keystore-password", password, "--keystore-type", "PKCS12",
        "--alias", "server", "--subject-dn", "CN=" + commonName + ",O=uncloud test", "--days-valid", "2",
        "--key-algorithm", "EC", "--key-size-bits", "256", "--signature-algorithm", "SHA256withECDSA",
        "--extended-key-usage", "server-auth"));
    for (String name : dnsNames) {
      args.add("--subject-alternative-name-dns");
      args.add(name);
    }
    for (String address : ipAddresses) {
      args.add("--subject-alternative-name-ip-address");
      args.add(address);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResultCode result = ManageCertificates.main(InputStream.nullInputStream(), out, out, args.toArray(String[]::new));
    if (result != ResultCode.SUCCESS) {
      throw new IllegalStateException("cannot generate a test certificate: " + out.toString(StandardCharsets.UTF_8));
    }
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        keys.load(in, password.toCharArray());
      }
      Certificate certificate = keys.getCertificate("server");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", certificate);
      try (OutputStream os = Files.newOutputStream(trustStore)) {
        trust.store(os, password.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test trust store " + trustStore, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the test trust store: " + e.getMessage(), e);
    }
    return new TestCertificate(keyStore, trustStore, password);
  }

  /**
   * A certificate for {@code localhost} and {@code 127.0.0.1}.
   *
   * @param directory where to write the stores
   * @return the certificate's files
   */
  public static TestCertificate forLoopback(Path directory) {
    return generate(directory, List.of("localhost"), List.of("127.0.0.1"));
  }

  /**
   * @return a TLS context that presents this certificate, for a test server
   */
  public SSLContext serverContext() {
    try {
      KeyStore keys = load(keyStore);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the test key store " + keyStore + ": " + e.getMessage(), e);
    }
  }

  /**
   * @return a TLS context that trusts this certificate (and nothing else), for a test's client
   */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(load(trustStore));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the test trust store " + trustStore + ": " + e.getMessage(), e);
    }
  }

  /**
   * @return the certificate in PEM form, for clients that trust a file (Node's
   *     {@code NODE_EXTRA_CA_CERTS}, curl's {@code --cacert})
   */
  public String certificatePem() {
    try {
      Certificate certificate = load(trustStore).getCertificate("server");
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test certificate: " + e.getMessage(), e);
    }
  }

  private KeyStore load(Path file) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the test key store " + file, e);
    }
  }

  /** @return the file names only; the password is not shown */
  @Override
  public String toString() {
    return "TestCertificate[" + keyStore + ", " + trustStore + "]";
  }
}
