package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailConfigurationTest {
  @Test
  @DisplayName("the defaults: STARTTLS on 587, mail and preferredLanguage, English, every notice")
  void defaults() {
    MailNoticeSettings settings = MailConfiguration.read(config(Map.of("uncloud.mail.host", "smtp.lab.example",
        "uncloud.mail.from", "billing@lab.example")));

    assertThat(settings.smtp().security()).isEqualTo(SmtpSecurity.STARTTLS);
    assertThat(settings.smtp().port()).isEqualTo(587);
    assertThat(settings.smtp().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.smtp().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.addressAttribute()).isEqualTo("mail");
    assertThat(settings.languageAttribute()).isEqualTo("preferredLanguage");
    assertThat(settings.defaultLanguage()).isEqualTo("en");
    assertThat(settings.notices()).containsExactlyInAnyOrder(NoticeKind.values());
  }

  @Test
  @DisplayName("SMTPS defaults to port 465, and the notices can be narrowed")
  void smtpsAndNotices() {
    MailNoticeSettings settings = MailConfiguration.read(config(Map.of("uncloud.mail.host", "smtp.lab.example",
        "uncloud.mail.from", "billing@lab.example", "uncloud.mail.security", "SMTPS",
        "uncloud.mail.notices", "account-locked, bill-final")));

    assertThat(settings.smtp().port()).isEqualTo(465);
    assertThat(settings.notices()).containsExactlyInAnyOrder(NoticeKind.ACCOUNT_LOCKED, NoticeKind.BILL_FINAL);
  }

  @Test
  @DisplayName("every problem of the mail keys is reported at once, naming the key")
  void everyProblemAtOnce() {
    ProviderConfig config = config(Map.of("uncloud.mail.host", "smtp.lab.example", "uncloud.mail.port", "70000",
        "uncloud.mail.security", "tls", "uncloud.mail.from", "not an address", "uncloud.mail.user", "uncloud",
        "uncloud.mail.timeout", "soon", "uncloud.mail.default-language", "fr", "uncloud.mail.notices", "weekly"));

    assertThat(MailConfiguration.problems(config)).hasSize(7);
    assertThatThrownBy(() -> MailConfiguration.read(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.mail.port: 70000")
        .hasMessageContaining("uncloud.mail.security: 'tls'")
        .hasMessageContaining("uncloud.mail.from 'not an address'")
        .hasMessageContaining("missing uncloud.mail.password")
        .hasMessageContaining("uncloud.mail.timeout:")
        .hasMessageContaining("uncloud.mail.default-language: there are no templates for 'fr'")
        .hasMessageContaining("uncloud.mail.notices: 'weekly'");
  }

  @Test
  @DisplayName("the password is a secret reference, never inline, and never shown")
  void passwordReference() {
    Map<String, String> keys = Map.of("uncloud.mail.host", "smtp.lab.example", "uncloud.mail.from",
        "billing@lab.example", "uncloud.mail.user", "uncloud", "uncloud.mail.password", "hunter2");

    assertThatThrownBy(() -> MailConfiguration.read(config(keys))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("inline value").hasMessageNotContaining("hunter2");

    MailNoticeSettings settings = MailConfiguration.read(ProviderConfig.of(keys)
        .with("uncloud.mail.password", "env:SMTP_PASSWORD").withEnvironment(Map.of("SMTP_PASSWORD", "hunter2")));
    assertThat(settings.smtp().password().reveal()).isEqualTo("hunter2");
    assertThat(settings.smtp().toString()).contains("user=uncloud").doesNotContain("hunter2");
    assertThat(settings.toString()).doesNotContain("hunter2");
  }

  @Test
  @DisplayName("a login without TLS is refused unless the server is on this host")
  void noClearTextPasswordsOverTheNetwork() {
    Map<String, String> keys = Map.of("uncloud.mail.from", "billing@lab.example", "uncloud.mail.security", "none",
        "uncloud.mail.user", "uncloud", "uncloud.mail.password", "plain:pw");

    assertThat(MailConfiguration.problems(config(keys).with("uncloud.mail.host", "smtp.lab.example")))
        .singleElement().asString().contains("clear text");
    assertThat(MailConfiguration.problems(config(keys).with("uncloud.mail.host", "127.0.0.1"))).isEmpty();
    assertThat(MailConfiguration.problems(config(keys).with("uncloud.mail.host", "localhost"))).isEmpty();
  }

  @Test
  @DisplayName("without uncloud.mail.host mail is off, and other mail keys alone are a mistake")
  void offWithoutHost() {
    assertThat(MailConfiguration.enabled(config(Map.of()))).isFalse();
    assertThat(MailConfiguration.problems(config(Map.of()))).isEmpty();
    assertThat(MailConfiguration.problems(config(Map.of("uncloud.mail.from", "billing@lab.example"))))
        .singleElement().asString().contains("without uncloud.mail.host");
  }

  private static ProviderConfig config(Map<String, String> keys) {
    return ProviderConfig.of(keys).withEnvironment(Map.of());
  }
}
