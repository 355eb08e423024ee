package ch.uncloud.mail;

import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a notice in the person's language and sends it to the address the directory has for them.
 * A person the directory does not know, or without a valid address, gets no mail: that is logged
 * (account and event, never an address or a secret) and the notice counts as done, as there is
 * nothing to retry. A directory or SMTP server that cannot be reached is an exception, so the
 * dispatcher retries. Thread-safe.
 */
final class MailNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(MailNotifier.class);

  /** What became of a notice. */
  enum Outcome {
    /** The SMTP server accepted it. */
    SENT,
    /** The person has no valid address in the directory: nothing was sent, nothing to retry. */
    NO_ADDRESS,
    /** The directory no longer knows the account: nothing was sent, nothing to retry. */
    UNKNOWN_ACCOUNT
  }

  private final AccountDirectory directory;
  private final NoticeRecipients recipients;
  private final NoticeTemplates templates;
  private final SmtpMailer mailer;

  /**
   * @param settings what to send how
   * @param directory where the addresses and languages are
   * @param clock the clock for the Date header
   */
  MailNotifier(MailNoticeSettings settings, AccountDirectory directory, java.time.Clock clock) {
    this.directory = directory;
    this.templates = settings.templates();
    this.recipients = new NoticeRecipients(settings.addressAttribute(), settings.languageAttribute(),
        new LanguageChoice(templates.languages(), settings.defaultLanguage()));
    this.mailer = new SmtpMailer(settings.smtp(), clock);
  }

  /**
   * @return the SMTP server, for messages
   */
  String describe() {
    return mailer.describe();
  }

  /**
   * @param notice the notice
   * @return what became of it
   * @throws ch.uncloud.api.ProviderUnavailableException if the directory or the SMTP server cannot be
   *     reached, or the server refuses the message
   */
  Outcome send(Notice notice) {
    Optional<DirectoryEntry> entry = directory.find(notice.account());
    if (entry.isEmpty()) {
      LOG.info("no {} notice for event {}: the directory does not know account {}", notice.kind().template(),
          notice.eventId(), notice.account());
      return Outcome.UNKNOWN_ACCOUNT;
    }
    Optional<NoticeRecipients.Recipient> recipient = recipients.of(entry.get());
    if (recipient.isEmpty()) {
      LOG.info("no {} notice for event {}: account {} has no valid e-mail address in the directory attribute {}",
          notice.kind().template(), notice.eventId(), notice.account(), recipients.addressAttribute());
      return Outcome.NO_ADDRESS;
    }
    NoticeRecipients.Recipient to = recipient.get();
    NoticeTemplates.Language language = templates.language(to.language());
    NoticeTemplate.RenderedNotice text = language.templates().get(notice.kind())
        .render(notice.formatted(language.style(), to.displayName()));
    mailer.send(new OutgoingMail(to.address(), text.subject(), text.body(), notice.eventId(), to.language()));
    LOG.debug("sent the {} notice for event {} to account {} in {}", notice.kind().template(), notice.eventId(),
        notice.account(), to.language());
    return Outcome.SENT;
  }
}
