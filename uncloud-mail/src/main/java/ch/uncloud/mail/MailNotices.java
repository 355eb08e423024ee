package ch.uncloud.mail;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.api.events.EventType;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.ProviderConfig;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.Set;

/**
 * E-mail notices to the person, as an {@link EventSink} the core's dispatcher delivers to: a
 * low-balance notice for {@code balance.below_threshold}, a lock notice for {@code account.locked},
 * a bill notice for {@code bill.final}, each written in the person's language from templates and
 * sent over SMTP to the address the directory has for them.
 *
 * <p>Delivery follows the dispatcher's rules: an event is delivered when the SMTP server accepted
 * the message; a directory or SMTP server that cannot be reached, or a server that refuses the
 * message, is {@link DeliveryResult.Outcome#RETRY} (with backoff, parked after the retry period). A
 * person without a valid address (or one the directory no longer knows) gets no mail: logged without
 * the address, and counted as delivered, as there is nothing to retry. An event whose payload cannot
 * be read is parked. Because delivery is at least once, a person may rarely get a notice twice; both
 * copies carry the same Message-ID and {@code X-Uncloud-Event-Id}, derived from the event id.
 *
 * <p>Build one with {@link #builder()} or from {@code uncloud.mail.*} keys with
 * {@link #fromConfig(ProviderConfig, AccountDirectory)}. Thread-safe.
 */
public final class MailNotices implements EventSink {
  /** The sink's name: the key of its delivery state in the outbox. */
  public static final String NAME = "mail-notices";

  private final MailNotifier notifier;
  private final Set<NoticeKind> notices;

  MailNotices(MailNoticeSettings settings, AccountDirectory directory, Clock clock) {
    this.notifier = new MailNotifier(settings, directory, clock);
    this.notices = settings.notices();
  }

  /**
   * @return a builder for programmatic wiring
   */
  public static MailNoticesBuilder builder() {
    return new MailNoticesBuilder();
  }

  /**
   * @param config the configuration, with {@code uncloud.mail.host} set
   * @param directory where addresses and languages are read; stays the caller's
   * @return the notices
   * @throws ch.uncloud.api.ConfigurationException listing every problem of the {@code uncloud.mail.*}
   *     keys and the templates
   */
  public static MailNotices fromConfig(ProviderConfig config, AccountDirectory directory) {
    return new MailNotices(MailConfiguration.read(config), directory, Clock.systemUTC());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(EventType type) {
    return EventNotices.kind(type).filter(notices::contains).isPresent();
  }

  @Override
  public DeliveryResult deliver(Event event) {
    Notice notice;
    try {
      notice = EventNotices.of(event);
    } catch (IllegalArgumentException | DateTimeException e) {
      return DeliveryResult.park("cannot read the " + event.type() + " event for a notice: " + e.getMessage());
    }
    try {
      return switch (notifier.send(notice)) {
        case SENT -> DeliveryResult.delivered();
        case NO_ADDRESS -> new DeliveryResult(DeliveryResult.Outcome.DELIVERED,
            "not sent: the account has no e-mail address in the directory");
        case UNKNOWN_ACCOUNT -> new DeliveryResult(DeliveryResult.Outcome.DELIVERED,
            "not sent: the directory does not know the account");
      };
    } catch (ProviderUnavailableException e) {
      return DeliveryResult.retry(e.getMessage());
    }
  }

  /**
   * @param config a configuration whose keys have been checked
   * @return what the {@code uncloud.mail.*} keys send where, for a start banner (see {@link #describe()});
   *     empty when mail is off
   */
  public static java.util.Optional<String> describe(ProviderConfig config) {
    if (!MailConfiguration.enabled(config)) {
      return java.util.Optional.empty();
    }
    MailNoticeSettings settings = MailConfiguration.read(config);
    return java.util.Optional.of(describe(settings.notices(), new SmtpMailer(settings.smtp(), Clock.systemUTC())
        .describe()));
  }

  /**
   * @return what is sent where, for a start banner, e.g. {@code account-locked, bill-final, low-balance
   *     notices via smtp://smtp.lab.example:587 (STARTTLS)}; never a password
   */
  public String describe() {
    return describe(notices, notifier.describe());
  }

  private static String describe(Set<NoticeKind> kinds, String server) {
    return String.join(", ", kinds.stream().map(NoticeKind::template).sorted().toList()) + " notices via " + server;
  }

  @Override
  public String toString() {
    return "MailNotices[" + describe() + "]";
  }
}
