package ch.uncloud.mail;

import static ch.uncloud.mail.MailTestFixtures.FROM;
import static ch.uncloud.mail.MailTestFixtures.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.testservers.TestCertificate;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the connection to the SMTP server is made: login, SMTPS with a trust store, STARTTLS required. */
class SmtpConnectionTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("a server that requires a login gets it, and a wrong password is a retryable failure that never shows it")
  void login() {
    try (TestSmtpServer server = TestSmtpServer.withLogin(ServerSetup.PROTOCOL_SMTP, "uncloud", "s3cret-pw")) {
      SmtpSettings plain = SmtpSettings.of(TestSmtpServer.HOST, server.port(), SmtpSecurity.NONE, FROM);

      notifier(plain.withLogin("uncloud", Secret.of("s3cret-pw"))).send(locked("evt_login", "bob", "-1.00"));
      assertThat(server.awaitMessages(1)).hasSize(1);

      assertThatThrownBy(() -> notifier(plain.withLogin("uncloud", Secret.of("wrong-pw")))
          .send(locked("evt_wrong", "bob", "-1.00")))
          .isInstanceOf(ProviderUnavailableException.class)
          .hasMessageContaining("AuthenticationFailedException")
          .hasMessageNotContaining("wrong-pw");
    }
  }

  @Test
  @DisplayName("SMTPS verifies the server's certificate against the configured trust store")
  void smtps() {
    TestCertificate certificate = TestCertificate.forLoopback(dir);
    System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, certificate.keyStore().toString());
    System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, certificate.password());
    try (TestSmtpServer server = TestSmtpServer.withLogin(ServerSetup.PROTOCOL_SMTPS, "uncloud", "s3cret-pw")) {
      SmtpSettings smtps = SmtpSettings.of(TestSmtpServer.HOST, server.port(), SmtpSecurity.SMTPS, FROM)
          .withLogin("uncloud", Secret.of("s3cret-pw"));

      assertThatThrownBy(() -> notifier(smtps).send(locked("evt_untrusted", "bob", "-1.00")))
          .as("the JVM's own trust store does not know the test certificate")
          .isInstanceOf(ProviderUnavailableException.class);

      notifier(smtps.withTrustStore(certificate.trustStore(), Secret.of(certificate.password())))
          .send(locked("evt_smtps", "bob", "-1.00"));
      assertThat(server.awaitMessages(1)).extracting(m -> m.getMessageID())
          .containsExactly("<uncloud.evt_smtps@lab.example>");
    } finally {
      System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY);
      System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY);
    }
  }

  @Test
  @DisplayName("STARTTLS is required: a server that does not offer it gets neither the password nor the message")
  void startTlsRequired() {
    try (TestSmtpServer server = TestSmtpServer.withLogin(ServerSetup.PROTOCOL_SMTP, "uncloud", "s3cret-pw")) {
      SmtpSettings startTls = SmtpSettings.of(TestSmtpServer.HOST, server.port(), SmtpSecurity.STARTTLS, FROM)
          .withLogin("uncloud", Secret.of("s3cret-pw"));

      assertThatThrownBy(() -> notifier(startTls).send(locked("evt_starttls", "bob", "-1.00")))
          .isInstanceOf(ProviderUnavailableException.class)
          .hasMessageContaining("STARTTLS");
      assertThat(server.messages()).isEmpty();
    }
  }

  private static MailNotifier notifier(SmtpSettings smtp) {
    NoticeTemplates templates = NoticeTemplates.load(null);
    return new MailNotifier(new MailNoticeSettings(smtp, "mail", "preferredLanguage", "en", templates,
        Set.of(NoticeKind.values())), MailTestFixtures.directory(), Clock.systemUTC());
  }
}
