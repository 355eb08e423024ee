package ch.uncloud.mail;

import static ch.uncloud.mail.MailTestFixtures.body;
import static ch.uncloud.mail.MailTestFixtures.config;
import static ch.uncloud.mail.MailTestFixtures.keys;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The notices as the dispatcher's sink: which events it takes, and what each delivery ends in. */
class MailNoticesTest {
  private TestSmtpServer server;
  private InMemoryAccountDirectory directory;
  private MailNotices notices;

  @BeforeEach
  void start() {
    server = TestSmtpServer.plain();
    directory = MailTestFixtures.directory();
    notices = MailNotices.fromConfig(config(keys(server)), directory);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("it accepts the low-balance, lock and final-bill events and nothing else")
  void acceptedTypes() {
    assertThat(Arrays.stream(EventType.values()).filter(notices::accepts)).containsExactlyInAnyOrder(
        EventType.BALANCE_BELOW_THRESHOLD, EventType.ACCOUNT_LOCKED, EventType.BILL_FINAL);
    assertThat(notices.name()).isEqualTo("mail-notices");
  }

  @Test
  @DisplayName("uncloud.mail.notices narrows the events it accepts")
  void narrowed() {
    MailNotices lockOnly = MailNotices.fromConfig(config(MailNotifierTest.with(keys(server), "uncloud.mail.notices",
        "account-locked")), directory);

    assertThat(Arrays.stream(EventType.values()).filter(lockOnly::accepts)).containsExactly(EventType.ACCOUNT_LOCKED);
  }

  @Test
  @DisplayName("each event becomes its notice with the event's amounts, in the reader's language")
  void eventsToNotices() throws Exception {
    assertThat(notices.deliver(event(EventType.BALANCE_BELOW_THRESHOLD, "anna", "threshold", "5.00",
        "balance", "4.95", "currency", "CHF", "entry", "e1", "service", "printer")).isDelivered()).isTrue();
    assertThat(notices.deliver(event(EventType.ACCOUNT_LOCKED, "bob", "credit", "-3.20", "currency", "CHF",
        "entry", "e2", "service", "lasercutter")).isDelivered()).isTrue();
    assertThat(notices.deliver(event(EventType.BILL_FINAL, "bob", "bill", "b-7", "month", "2025-02", "payment",
        "card", "total", "1234.00", "currency", "CHF", "due_date", "")).isDelivered()).isTrue();

    List<MimeMessage> mails = server.awaitMessages(3);
    assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
        "Ihr Guthaben ist unter CHF 5.00 gefallen", "Your account is locked", "Your bill for February 2025: CHF 1,234.00");
    assertThat(mails).extracting(MailTestFixtures::body).anySatisfy(text -> assertThat(text)
        .contains("beträgt noch CHF 4.95 und liegt damit unter CHF 5.00").contains("Betroffener Dienst: printer"))
        .anySatisfy(text -> assertThat(text).contains("your credit is CHF -3.20")
            .contains("from the service lasercutter"))
        .anySatisfy(text -> assertThat(text).contains("Bill: b-7\nAmount: CHF 1,234.00\nPayment: by your card\n")
            .doesNotContain("Due by"));
  }

  @Test
  @DisplayName("a person without an address is delivered with nothing sent, so nothing is retried")
  void noAddressIsDelivered() {
    DeliveryResult result = notices.deliver(event(EventType.ACCOUNT_LOCKED, "carl", "credit", "-3.20",
        "currency", "CHF", "entry", "e2", "service", "printer"));

    assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
    assertThat(result.detail()).contains("no e-mail address").doesNotContain("carl@");
  }

  @Test
  @DisplayName("an SMTP server that is down means retry, with the reason and no address in it")
  void smtpDownMeansRetry() {
    server.stop();

    DeliveryResult result = notices.deliver(event(EventType.ACCOUNT_LOCKED, "bob", "credit", "-3.20",
        "currency", "CHF", "entry", "e2", "service", "printer"));

    assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
    assertThat(result.detail()).contains("127.0.0.1:" + server.port()).doesNotContain("bob@uni.example");
  }

  @Test
  @DisplayName("a payload that cannot be read is parked at once: it can never succeed")
  void unreadablePayloadIsParked() {
    DeliveryResult result = notices.deliver(event(EventType.BILL_FINAL, "bob", "bill", "b-7", "month", "Feb 2025",
        "payment", "card", "total", "12.00", "currency", "CHF", "due_date", ""));

    assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.PARK);
    assertThat(result.detail()).contains("bill.final");
  }

  static Event event(EventType type, String account, String... fields) {
    Map<String, String> data = new java.util.TreeMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      data.put(fields[i], fields[i + 1]);
    }
    return new Event(EventId.derived(type + "/" + account + "/" + data), type, Instant.parse("2025-03-01T10:00:00Z"),
        Username.of(account), data);
  }

  static String text(MimeMessage mail) {
    return body(mail);
  }
}
