package ch.uncloud.mail;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.ProviderUnavailableException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends plain-text messages through one SMTP server with Jakarta Mail (Angus Mail), a connection per
 * message (notices are few; no idle connection to keep alive). Each message carries a Message-ID and
 * an {@code X-Uncloud-Event-Id} header derived from the event it announces, so a notice resent after
 * a lost acknowledgement is recognisable as the same message. Thread-safe.
 */
final class SmtpMailer {
  /** The header naming the event a notice announces. */
  static final String EVENT_HEADER = "X-Uncloud-Event-Id";
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private final SmtpSettings settings;
  private final InternetAddress from;
  private final String messageIdDomain;
  private final Session session;
  private final Clock clock;

  /**
   * @param settings the server and sender
   * @param clock the clock for the Date header
   * @throws ConfigurationException if the sender address or the trust store cannot be used
   */
  SmtpMailer(SmtpSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.from = sender(settings.from());
    String address = from.getAddress();
    this.messageIdDomain = address.substring(address.lastIndexOf('@') + 1);
    this.session = Session.getInstance(properties(settings));
  }

  /**
   * @param text a sender such as {@code uncloud <billing@lab.example>}
   * @return it parsed
   * @throws ConfigurationException if it is not one address with a domain
   */
  static InternetAddress sender(String text) {
    try {
      InternetAddress address = new InternetAddress(text, true);
      if (!address.getAddress().contains("@")) {
        throw new AddressException("no domain");
      }
      return address;
    } catch (AddressException e) {
      throw new ConfigurationException("uncloud.mail.from '" + text + "' is not one e-mail address with a domain ("
          + e.getMessage() + "); write e.g. billing@lab.example or uncloud <billing@lab.example>", e);
    }
  }

  /**
   * @param eventId an event id
   * @return the Message-ID of its notice, e.g. {@code <uncloud.evt_123@lab.example>}
   */
  String messageId(String eventId) {
    String local = SAFE_ID.matcher(eventId).matches() ? eventId : sha256(eventId);
    return "<uncloud." + local + "@" + messageIdDomain + ">";
  }

  /**
   * Sends one message.
   *
   * @param mail the message
   * @throws ProviderUnavailableException if the server cannot be reached, refuses the login or the
   *     message; the caller retries later
   */
  void send(OutgoingMail mail) {
    try {
      MimeMessage message = new NoticeMessage(session, messageId(mail.eventId()));
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      message.setText(mail.body(), StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(clock.instant()));
      message.setHeader(EVENT_HEADER, mail.eventId());
      message.setHeader("Content-Language", mail.language());
      // RFC 3834: machine-made; vacation responders do not answer it
      message.setHeader("Auto-Submitted", "auto-generated");
      message.saveChanges();
      try (Transport transport = session.getTransport(protocol())) {
        transport.connect(settings.host(), settings.port(), settings.user(),
            settings.password() == null ? null : settings.password().reveal());
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw new ProviderUnavailableException(ErrorCodes.PROVIDER_UNAVAILABLE, "cannot send the notice for event "
          + mail.eventId() + " through " + describe() + ": " + e.getClass().getSimpleName() + " "
          + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip()
          + "; it is retried later, check the SMTP server and uncloud.mail.*", e);
    }
  }

  /**
   * @return the server, for messages, e.g. {@code smtp://mail.lab.example:587 (STARTTLS)}
   */
  String describe() {
    return protocol() + "://" + settings.host() + ":" + settings.port() + " (" + settings.security() + ")";
  }

  private String protocol() {
    return settings.security() == SmtpSecurity.SMTPS ? "smtps" : "smtp";
  }

  private static Properties properties(SmtpSettings settings) {
    String p = settings.security() == SmtpSecurity.SMTPS ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.put(p + "host", settings.host());
    props.put(p + "port", Integer.toString(settings.port()));
    props.put(p + "auth", Boolean.toString(settings.user() != null));
    props.put(p + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
    props.put(p + "timeout", Long.toString(settings.readTimeout().toMillis()));
    props.put(p + "writetimeout", Long.toString(settings.writeTimeout().toMillis()));
    if (settings.security() == SmtpSecurity.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      // never fall back to plain text when the server does not offer STARTTLS
      props.put(p + "starttls.required", "true");
    }
    if (settings.security() != SmtpSecurity.NONE) {
      props.put(p + "ssl.checkserveridentity", "true");
      if (settings.trustStore() != null) {
        SSLSocketFactory factory = SmtpTrust.socketFactory(settings.trustStore(), settings.trustStorePassword());
        props.put(p + "ssl.socketFactory", factory);
      }
    }
    return props;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** A message whose Message-ID is the one derived from its event, not a random one. */
  private static final class NoticeMessage extends MimeMessage {
    private final String messageId;

    NoticeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }

  @Override
  public String toString() {
    return "SmtpMailer[" + describe() + "]";
  }
}
