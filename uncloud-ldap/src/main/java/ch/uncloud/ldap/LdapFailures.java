package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * Turns UnboundID failures into uncloud exceptions: problems an operator must fix (refused service
 * account, missing base, schema without the lock attribute) are {@link ConfigurationException}s;
 * everything else (down, slow, busy, pool exhausted) is a retryable {@link ProviderUnavailableException}.
 * Messages carry the result code and the server's diagnostic text, never a password.
 */
final class LdapFailures {
  private LdapFailures() {}

  /**
   * @param what the operation, e.g. "looking up user nethzuser"
   * @param e the failure
   * @param settings for the server list in the message
   * @return the exception to throw
   */
  static UncloudException map(String what, LDAPException e, LdapSettings settings) {
    ResultCode code = e.getResultCode();
    String detail = code.getName() + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")");
    if (code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
      return new ConfigurationException(what + " failed: the LDAP servers refused the service account "
          + settings.bindDn() + ": " + detail + "; check uncloud.ldap.bind-dn and uncloud.ldap.bind-password", e);
    }
    if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || code == ResultCode.CONFIDENTIALITY_REQUIRED
        || code == ResultCode.STRONG_AUTH_REQUIRED) {
      return new ConfigurationException(what + " failed: the directory does not allow it for "
          + (settings.bindDn() == null ? "anonymous access" : settings.bindDn()) + ": " + detail
          + "; grant the service account the access it needs (read users and groups, write "
          + settings.lockAttribute() + ") or use TLS", e);
    }
    if (code == ResultCode.NO_SUCH_OBJECT) {
      return new ConfigurationException(what + " failed: a base entry does not exist: " + detail
          + "; check uncloud.ldap.user-base and uncloud.ldap.group-base", e);
    }
    if (code == ResultCode.OBJECT_CLASS_VIOLATION || code == ResultCode.UNDEFINED_ATTRIBUTE_TYPE
        || code == ResultCode.INVALID_ATTRIBUTE_SYNTAX || code == ResultCode.CONSTRAINT_VIOLATION) {
      return new ConfigurationException(what + " failed: the directory schema does not accept it: " + detail
          + "; load the uncloud schema (uncloudAccount with " + settings.lockAttribute()
          + ") or check uncloud.ldap.lock-attribute and uncloud.ldap.lock-object-class", e);
    }
    return new ProviderUnavailableException(what + " failed: " + detail + "; the LDAP servers "
        + settings.describeServers() + " are down, slow or busy. Retry later; if it persists check "
        + "uncloud.ldap.urls, the timeouts and uncloud.ldap.pool-size", e);
  }

  /** @return whether the failure means the connection or server is gone (not an answer about the data) */
  static boolean isConnectionProblem(LDAPException e) {
    return !ResultCode.isConnectionUsable(e.getResultCode()) || e.getResultCode() == ResultCode.TIMEOUT
        || e.getResultCode() == ResultCode.BUSY || e.getResultCode() == ResultCode.UNAVAILABLE;
  }
}
