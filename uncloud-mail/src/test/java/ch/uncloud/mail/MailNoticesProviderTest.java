package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.EventSinkProvider;
import ch.uncloud.spi.ProviderConfig;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailNoticesProviderTest {
  private final EventSinkProvider provider = ServiceLoader.load(EventSinkProvider.class).stream()
      .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("mail")).findFirst().orElseThrow();

  @Test
  @DisplayName("it is discovered with ServiceLoader as mail")
  void discovered() {
    assertThat(provider).isInstanceOf(MailNoticesProvider.class);
  }

  @Test
  @DisplayName("without uncloud.mail.host the jar on the class path sends no mail")
  void offWithoutHost() {
    ProviderConfig none = ProviderConfig.of(Map.of()).withEnvironment(Map.of());

    assertThat(provider.create(none)).isEmpty();
    assertThat(provider.create(none, MailTestFixtures.directory())).isEmpty();
    assertThat(provider.configurationProblems(none)).isEmpty();
  }

  @Test
  @DisplayName("with uncloud.mail.host it makes one sink over the core's directory")
  void onWithHost() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.mail.host", "127.0.0.1", "uncloud.mail.security",
        "none", "uncloud.mail.from", "billing@lab.example")).withEnvironment(Map.of());

    assertThat(provider.create(config, MailTestFixtures.directory())).singleElement()
        .isInstanceOf(MailNotices.class)
        .hasToString("MailNotices[account-locked, bill-final, low-balance notices via smtp://127.0.0.1:25 (NONE)]");
    assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("create(config, directory)");
  }

  @Test
  @DisplayName("bad keys are refused with every problem, before anything connects")
  void problems() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.mail.host", "smtp.lab.example",
        "uncloud.mail.port", "x")).withEnvironment(Map.of());

    assertThat(provider.configurationProblems(config)).hasSize(2);
    assertThatThrownBy(() -> provider.create(config, MailTestFixtures.directory()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing uncloud.mail.from").hasMessageContaining("uncloud.mail.port: 'x'");
  }
}
