package ch.uncloud.ldap;

import ch.uncloud.api.Username;
import ch.uncloud.spi.DirectoryEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user as an LDAP directory knows it: an immutable snapshot of the entry, without passwords.
 *
 * @param username the user name (the directory's spelling of the user attribute)
 * @param displayName {@code displayName}, else {@code cn}, else the user name
 * @param attributes the entry's attributes, lower-case names to values, password attributes removed
 * @param dn the entry's distinguished name
 */
public record LdapAccount(Username username, String displayName, Map<String, List<String>> attributes, String dn)
    implements DirectoryEntry {
  /**
   * Copies the attributes.
   *
   * @param username the user name
   * @param displayName the display name
   * @param attributes the attributes
   * @param dn the entry's DN
   */
  public LdapAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(dn, "dn");
    attributes = Map.copyOf(attributes);
  }
}
