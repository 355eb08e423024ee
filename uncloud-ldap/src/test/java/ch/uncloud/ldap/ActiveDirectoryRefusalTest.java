package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.BadCredentialsException.Reason;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Active Directory refuses every bind with invalidCredentials and says why in the diagnostic text;
 * an in-memory server that answers the same way stands in for it.
 */
@DisplayName("Refusals in Active Directory's style are told apart by their data code")
class ActiveDirectoryRefusalTest {
  private static final String BASE = "dc=ad,dc=test";

  /** Answers binds of the users named "disabled" and "mistyped" like Active Directory would. */
  private static final class ActiveDirectoryStyle extends InMemoryOperationInterceptor {
    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
      String dn = request.getRequest().getBindDN();
      if (dn.startsWith("uid=disabled,")) {
        throw new LDAPException(ResultCode.INVALID_CREDENTIALS,
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563");
      }
      if (dn.startsWith("uid=mistyped,")) {
        throw new LDAPException(ResultCode.INVALID_CREDENTIALS,
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563");
      }
    }
  }

  @Test
  @DisplayName("data 533 is a disabled account, data 52e a wrong password, both with the same message")
  void dataCodes() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.addAdditionalBindCredentials("cn=service," + BASE, "service-secret");
    config.addInMemoryOperationInterceptor(new ActiveDirectoryStyle());
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
        InetAddress.getByName("127.0.0.1"), 0, null));
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: domain", "dc: ad");
    for (String user : new String[] {"disabled", "mistyped"}) {
      server.add("dn: uid=" + user + "," + BASE, "objectClass: inetOrgPerson", "uid: " + user, "cn: " + user,
          "sn: " + user, "userPassword: right");
    }
    server.startListening();
    try (LdapAccountDirectory directory = LdapAccountDirectory.builder()
        .urls("ldap://127.0.0.1:" + server.getListenPort()).tls(LdapTls.NONE).allowPlain(true)
        .bind("cn=service," + BASE, Secret.of("service-secret")).userBase(BASE)
        // the standard schema has no vppLock; the start refuses a lock attribute the schema lacks
        .lockFlag("description", "locked", "unlocked").lockObjectClass(null).build()) {
      BadCredentialsException disabled = refusal(directory, "disabled");
      BadCredentialsException mistyped = refusal(directory, "mistyped");

      assertThat(disabled.reason()).isEqualTo(Reason.ACCOUNT_DISABLED);
      assertThat(mistyped.reason()).isEqualTo(Reason.WRONG_PASSWORD);
      assertThat(disabled.getMessage()).isEqualTo(mistyped.getMessage());
    } finally {
      server.shutDown(true);
    }
  }

  private static BadCredentialsException refusal(LdapAccountDirectory directory, String user) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> directory.authenticate(Username.of(user), Secret.of("right")));
    assertThat(thrown).isInstanceOf(BadCredentialsException.class);
    return (BadCredentialsException) thrown;
  }
}
