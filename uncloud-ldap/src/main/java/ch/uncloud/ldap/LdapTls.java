package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import java.util.Locale;

/** How the connection to the LDAP servers is protected ({@code uncloud.ldap.tls}). */
public enum LdapTls {
  /**
   * Plain LDAP: passwords cross the network in clear. Choosing it is enough (a warning is logged for
   * servers beyond loopback); the old {@code allow-plain=true} is accepted and no longer needed.
   */
  NONE,
  /** TLS from the first byte, {@code ldaps://} URLs (port 636 by default). */
  LDAPS,
  /** Plain {@code ldap://} connection upgraded with the StartTLS extended operation before any bind. */
  STARTTLS;

  /**
   * @param value {@code none}, {@code ldaps} or {@code starttls} (any case)
   * @return the mode
   * @throws ConfigurationException for any other value
   */
  public static LdapTls parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("uncloud.ldap.tls is '" + value + "'; use none, ldaps or starttls");
    }
  }
}
