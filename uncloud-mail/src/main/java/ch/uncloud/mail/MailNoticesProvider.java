package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.EventSinkProvider;
import ch.uncloud.spi.ProviderConfig;
import java.util.List;

/**
 * Creates {@link MailNotices} from {@code uncloud.mail.*} keys; registered as {@code mail}. Without
 * {@code uncloud.mail.host} it creates nothing, so the jar on the class path sends no mail.
 */
public final class MailNoticesProvider implements EventSinkProvider {
  /** Public for {@link java.util.ServiceLoader}. */
  public MailNoticesProvider() {}

  @Override
  public String name() {
    return "mail";
  }

  /**
   * @throws ConfigurationException if {@code uncloud.mail.host} is set: notices need the account
   *     directory, so use {@link #create(ProviderConfig, AccountDirectory)}
   */
  @Override
  public List<EventSink> create(ProviderConfig config) {
    if (!MailConfiguration.enabled(config)) {
      return create(config, null);
    }
    throw new ConfigurationException("mail notices read addresses from the account directory: create them with "
        + "create(config, directory), as the core does");
  }

  /**
   * @param config the configuration
   * @param directory where addresses and languages are read; stays the caller's
   * @return the notices, or none without {@code uncloud.mail.host}
   * @throws ConfigurationException listing every problem of the {@code uncloud.mail.*} keys
   */
  @Override
  public List<EventSink> create(ProviderConfig config, AccountDirectory directory) {
    List<String> problems = configurationProblems(config);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("configuration has " + problems.size()
          + (problems.size() == 1 ? " problem:\n  - " : " problems:\n  - ") + String.join("\n  - ", problems));
    }
    if (!MailConfiguration.enabled(config)) {
      return List.of();
    }
    return List.of(MailNotices.fromConfig(config, directory));
  }

  @Override
  public List<String> configurationProblems(ProviderConfig config) {
    return MailConfiguration.problems(config);
  }
}
