package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("LdapAccountDirectory logging")
class LdapLoggingTest {
  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  @Test
  @DisplayName("logs refusals and lock changes at debug level without ever showing a password")
  void neverLogsPasswords() {
    EmbeddedLdapServer server = LDAP.server();
    String wrongPassword = "Wr0ng-Pa55word-7731";
    String guessedPassword = "Gue55ed-Pa55word-4410";
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (LdapAccountDirectory directory = LdapAccountDirectory.builder().urls(server.url())
        .tls(LdapTls.NONE).allowPlain(true).bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn()).build()) {
      directory.authenticate(Username.of("nethzuser"), Secret.of("nethzpass"));
      assertThatThrownBy(() -> directory.authenticate(Username.of("nethzuser"), Secret.of(wrongPassword)))
          .isInstanceOf(BadCredentialsException.class).hasMessageNotContaining(wrongPassword);
      assertThatThrownBy(() -> directory.authenticate(Username.of("nobody"), Secret.of(guessedPassword)))
          .isInstanceOf(BadCredentialsException.class).hasMessageNotContaining(guessedPassword);
      directory.setLocked(Username.of("nethzuser"), true);
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("authentication of nethzuser refused: WRONG_PASSWORD")
        .contains("authentication of nobody refused: UNKNOWN_NAME")
        .contains("lock flag of nethzuser set to vppLock=TRUE")
        .doesNotContain(wrongPassword, guessedPassword, "nethzpass", server.bindPassword());
  }
}
