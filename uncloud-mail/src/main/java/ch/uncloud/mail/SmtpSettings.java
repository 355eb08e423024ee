package ch.uncloud.mail;

import ch.uncloud.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how notices are sent: the SMTP server, its protection and login, the sender, and the
 * timeouts. The password stays wrapped; {@link #toString()} never shows it.
 *
 * @param host the SMTP server's host name
 * @param port its port
 * @param security how the connection is protected
 * @param user the login name, or {@code null} for none
 * @param password the login password, or {@code null}; required with a user
 * @param from the sender address, e.g. {@code uncloud <billing@lab.example>}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for each answer of the server
 * @param writeTimeout how long one write to the server may take
 * @param trustStore the CA certificates to trust (PEM or PKCS#12), or {@code null} for the JVM's
 * @param trustStorePassword the PKCS#12 trust store's password, or {@code null}
 */
public record SmtpSettings(String host, int port, SmtpSecurity security, String user, Secret password, String from,
    Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Path trustStore, Secret trustStorePassword) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param host the host
   * @param port the port
   * @param security the protection
   * @param user the login name
   * @param password the password
   * @param from the sender
   * @param connectTimeout the connect timeout
   * @param readTimeout the read timeout
   * @param writeTimeout the write timeout
   * @param trustStore the trust store
   * @param trustStorePassword its password
   */
  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
    if (user != null && password == null) {
      throw new IllegalArgumentException("an SMTP user needs a password");
    }
  }

  /**
   * @param host the SMTP server
   * @param port its port
   * @param security the protection
   * @param from the sender
   * @return settings without login, with 10 s to connect and 30 s per answer and write
   */
  public static SmtpSettings of(String host, int port, SmtpSecurity security, String from) {
    return new SmtpSettings(host, port, security, null, null, from, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(30), null, null);
  }

  /**
   * @param name the login name
   * @param secret its password
   * @return a copy that logs in
   */
  public SmtpSettings withLogin(String name, Secret secret) {
    return new SmtpSettings(host, port, security, name, secret, from, connectTimeout, readTimeout, writeTimeout,
        trustStore, trustStorePassword);
  }

  /**
   * @param connect how long to wait for a connection
   * @param read how long to wait for each answer
   * @param write how long one write may take
   * @return a copy with those timeouts
   */
  public SmtpSettings withTimeouts(Duration connect, Duration read, Duration write) {
    return new SmtpSettings(host, port, security, user, password, from, connect, read, write, trustStore,
        trustStorePassword);
  }

  /**
   * @param file CA certificates to trust (PEM, or PKCS#12 with a password)
   * @param secret the PKCS#12 password, or {@code null}
   * @return a copy trusting those certificates instead of the JVM's
   */
  public SmtpSettings withTrustStore(Path file, Secret secret) {
    return new SmtpSettings(host, port, security, user, password, from, connectTimeout, readTimeout, writeTimeout,
        file, secret);
  }

  /**
   * @return where mail goes, never the password
   */
  @Override
  public String toString() {
    return "SmtpSettings[" + (security == SmtpSecurity.SMTPS ? "smtps://" : "smtp://") + host + ":" + port
        + ", security=" + security + (user == null ? "" : ", user=" + user) + ", from=" + from + "]";
  }
}
