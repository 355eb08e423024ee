package ch.uncloud.ldap;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testkit.DirectoryProbe;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.List;

/** The contract's raw operations over LDAP, on the embedded server and on slapd alike. */
final class LdapDirectoryProbe implements DirectoryProbe {
  private final String host;
  private final int port;
  private final String serviceDn;
  private final String servicePassword;
  private final String peopleBase;

  LdapDirectoryProbe(int port, String serviceDn, String servicePassword, String peopleBase) {
    this.host = "127.0.0.1";
    this.port = port;
    this.serviceDn = serviceDn;
    this.servicePassword = servicePassword;
    this.peopleBase = peopleBase;
  }

  private String dn(Username user) {
    return "uid=" + user.value() + "," + peopleBase;
  }

  private int modify(String bindDn, String password, Username target, ModificationType type, String attribute,
      String value) {
    try (LDAPConnection connection = new LDAPConnection(host, port, bindDn, password)) {
      return connection.modify(dn(target), new Modification(type, attribute, value)).getResultCode().intValue();
    } catch (LDAPException e) {
      return e.getResultCode().intValue();
    }
  }

  @Override
  public int addValue(Username target, String attribute, String value) {
    return modify(serviceDn, servicePassword, target, ModificationType.ADD, attribute, value);
  }

  @Override
  public int replaceValue(Username target, String attribute, String value) {
    return modify(serviceDn, servicePassword, target, ModificationType.REPLACE, attribute, value);
  }

  @Override
  public int replaceOwnValue(Username user, Secret password, String attribute, String value) {
    return modify(dn(user), password.reveal(), user, ModificationType.REPLACE, attribute, value);
  }

  @Override
  public List<String> read(Username reader, Secret password, Username target, String attribute) {
    return read(dn(reader), password.reveal(), target, attribute);
  }

  @Override
  public List<String> readAsService(Username target, String attribute) {
    return read(serviceDn, servicePassword, target, attribute);
  }

  private List<String> read(String bindDn, String password, Username target, String attribute) {
    try (LDAPConnection connection = new LDAPConnection(host, port, bindDn, password)) {
      SearchResultEntry entry = connection.getEntry(dn(target), attribute);
      if (entry == null || !entry.hasAttribute(attribute)) {
        return List.of();
      }
      return List.of(entry.getAttributeValues(attribute));
    } catch (LDAPException e) {
      if (e.getResultCode().intValue() == 32 || e.getResultCode().intValue() == 50) {
        return List.of(); // noSuchObject or insufficientAccess: nothing visible
      }
      throw new IllegalStateException("cannot read " + attribute + " of " + target + ": " + e.getMessage(), e);
    }
  }
}
