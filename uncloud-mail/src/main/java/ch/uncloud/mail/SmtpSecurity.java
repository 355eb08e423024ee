package ch.uncloud.mail;

/** How the connection to the SMTP server is protected ({@code uncloud.mail.security}). */
public enum SmtpSecurity {
  /** Plain SMTP upgraded with STARTTLS, which the server must offer (port 587 by default). */
  STARTTLS(587),
  /** SMTP inside TLS from the first byte, "SMTPS" (port 465 by default). */
  SMTPS(465),
  /** No TLS at all: only for a relay on the same host or a test server (port 25 by default). */
  NONE(25);

  private final int defaultPort;

  SmtpSecurity(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /**
   * @return the port used when {@code uncloud.mail.port} is not set
   */
  public int defaultPort() {
    return defaultPort;
  }
}
