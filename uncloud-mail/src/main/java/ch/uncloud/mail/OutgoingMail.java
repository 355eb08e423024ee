package ch.uncloud.mail;

import java.util.Objects;

/**
 * One plain-text message ready to send.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param body the plain-text body
 * @param eventId the event it announces; its Message-ID and {@code X-Uncloud-Event-Id} header derive
 *     from it, so a resent notice is recognisable as the same message
 * @param language the language it is written in ({@code Content-Language})
 */
record OutgoingMail(String to, String subject, String body, String eventId, String language) {
  OutgoingMail {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(language, "language");
  }

  @Override
  public String toString() {
    return "OutgoingMail[event=" + eventId + ", language=" + language + "]";
  }
}
