package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.AccountDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Wires {@link MailNotices} in code: the SMTP server and the directory are required; the address
 * attribute ({@code mail}), the language attribute ({@code preferredLanguage}), the default language
 * ({@code en}), the notices (all) and the bundled templates have defaults. Not thread-safe.
 */
public final class MailNoticesBuilder {
  private SmtpSettings smtp;
  private AccountDirectory directory;
  private String addressAttribute = "mail";
  private String languageAttribute = "preferredLanguage";
  private String defaultLanguage = "en";
  private Path templateDir;
  private Set<NoticeKind> notices = EnumSet.allOf(NoticeKind.class);
  private Clock clock = Clock.systemUTC();

  MailNoticesBuilder() {}

  /**
   * @param settings the SMTP server and sender
   * @return this builder
   */
  public MailNoticesBuilder smtp(SmtpSettings settings) {
    this.smtp = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * @param accounts where addresses and languages are read; stays the caller's (not closed)
   * @return this builder
   */
  public MailNoticesBuilder directory(AccountDirectory accounts) {
    this.directory = Objects.requireNonNull(accounts, "accounts");
    return this;
  }

  /**
   * @param attribute the directory attribute with the person's e-mail address
   * @return this builder
   */
  public MailNoticesBuilder addressAttribute(String attribute) {
    this.addressAttribute = Objects.requireNonNull(attribute, "attribute");
    return this;
  }

  /**
   * @param attribute the directory attribute with the person's preferred language
   * @return this builder
   */
  public MailNoticesBuilder languageAttribute(String attribute) {
    this.languageAttribute = Objects.requireNonNull(attribute, "attribute");
    return this;
  }

  /**
   * @param language the language for a person without one that has templates, e.g. {@code de}
   * @return this builder
   */
  public MailNoticesBuilder defaultLanguage(String language) {
    this.defaultLanguage = NoticeTemplates.normalize(Objects.requireNonNull(language, "language"));
    return this;
  }

  /**
   * @param directoryOfTemplates a directory with one folder per language whose files replace or add
   *     to the bundled templates
   * @return this builder
   */
  public MailNoticesBuilder templateDir(Path directoryOfTemplates) {
    this.templateDir = directoryOfTemplates;
    return this;
  }

  /**
   * @param kinds the notices to send (others are not accepted from the dispatcher)
   * @return this builder
   */
  public MailNoticesBuilder notices(NoticeKind... kinds) {
    this.notices = kinds.length == 0 ? EnumSet.noneOf(NoticeKind.class) : EnumSet.of(kinds[0], kinds);
    return this;
  }

  /**
   * @param time the clock for the Date header
   * @return this builder
   */
  public MailNoticesBuilder clock(Clock time) {
    this.clock = Objects.requireNonNull(time, "time");
    return this;
  }

  /**
   * @return the notices
   * @throws ConfigurationException if the SMTP server or the directory is missing, or the templates
   *     or the default language do not fit
   */
  public MailNotices build() {
    if (smtp == null || directory == null) {
      throw new ConfigurationException("mail notices need an SMTP server and the account directory: call "
          + "MailNotices.builder().smtp(...).directory(...)");
    }
    SmtpMailer.sender(smtp.from());
    NoticeTemplates templates = NoticeTemplates.load(templateDir);
    if (!templates.languages().contains(defaultLanguage)) {
      throw new ConfigurationException("there are no mail templates for the default language " + defaultLanguage
          + "; languages with templates: " + templates.languages());
    }
    return new MailNotices(new MailNoticeSettings(smtp, addressAttribute, languageAttribute, defaultLanguage, templates,
        notices), directory, clock);
  }
}
