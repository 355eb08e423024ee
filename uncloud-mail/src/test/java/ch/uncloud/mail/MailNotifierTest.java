package ch.uncloud.mail;

import static ch.uncloud.mail.MailTestFixtures.billFinal;
import static ch.uncloud.mail.MailTestFixtures.body;
import static ch.uncloud.mail.MailTestFixtures.config;
import static ch.uncloud.mail.MailTestFixtures.keys;
import static ch.uncloud.mail.MailTestFixtures.locked;
import static ch.uncloud.mail.MailTestFixtures.lowBalance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The notices as they arrive at a real SMTP server (GreenMail on loopback). */
class MailNotifierTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T08:00:00Z"), ZoneOffset.UTC);

  private TestSmtpServer server;
  private InMemoryAccountDirectory directory;
  private MailNotifier notifier;

  @BeforeEach
  void start() {
    server = TestSmtpServer.plain();
    directory = MailTestFixtures.directory();
    notifier = new MailNotifier(MailConfiguration.read(config(keys(server))), directory, CLOCK);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("a low-balance notice reaches a German reader in German with Swiss-style amounts")
  void lowBalanceInGerman() throws Exception {
    assertThat(notifier.send(lowBalance("evt_low_anna", "anna", "4.50", "5.00"))).isEqualTo(MailNotifier.Outcome.SENT);

    MimeMessage mail = server.awaitMessages(1).get(0);
    assertThat(mail.getSubject()).isEqualTo("Ihr Guthaben ist unter CHF 5.00 gefallen");
    assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("anna@uni.example");
    assertThat(body(mail)).startsWith("Guten Tag Anna Muster\n")
        .contains("Ihr Guthaben (Konto anna) beträgt noch CHF 4.50 und liegt damit unter CHF 5.00.")
        .contains("Betroffener Dienst: printer");
    assertThat(mail.getHeader("Content-Language")).containsExactly("de");
  }

  @Test
  @DisplayName("a low-balance notice reaches an English reader in English")
  void lowBalanceInEnglish() throws Exception {
    notifier.send(lowBalance("evt_low_bob", "bob", "-1234.50", "0.00"));

    MimeMessage mail = server.awaitMessages(1).get(0);
    assertThat(mail.getSubject()).isEqualTo("Your balance is below CHF 0.00");
    assertThat(body(mail)).startsWith("Hello Bob Example\n")
        .contains("Your balance (account bob) is now CHF -1,234.50, below CHF 0.00.");
    assertThat(mail.getHeader("Content-Language")).containsExactly("en");
  }

  @Test
  @DisplayName("lock notices are written in each reader's language with the credit that locked the account")
  void lockNotices() throws Exception {
    notifier.send(locked("evt_lock_anna", "anna", "-1234.40"));
    notifier.send(locked("evt_lock_bob", "bob", "-0.05"));

    List<MimeMessage> mails = server.awaitMessages(2);
    MimeMessage german = to(mails, "anna@uni.example");
    MimeMessage english = to(mails, "bob@uni.example");
    assertThat(german.getSubject()).isEqualTo("Ihr Konto ist gesperrt");
    assertThat(body(german)).contains("Ihr Konto anna ist gesperrt, weil Ihr Guthaben CHF -1\u2019234.40 beträgt.");
    assertThat(english.getSubject()).isEqualTo("Your account is locked");
    assertThat(body(english)).contains("Your account bob is locked because your credit is CHF -0.05.");
  }

  @Test
  @DisplayName("a final bill names month, total and due date in German, and an English one without a due date leaves that line out")
  void billFinalNotices() throws Exception {
    notifier.send(MailTestFixtures.billFinal("evt_bill_anna", "anna", "1234.50", "bill", LocalDate.of(2025, 4, 11)));
    notifier.send(MailTestFixtures.billFinal("evt_bill_bob", "bob", "35.00", "balance", null));

    List<MimeMessage> mails = server.awaitMessages(2);
    MimeMessage german = to(mails, "anna@uni.example");
    MimeMessage english = to(mails, "bob@uni.example");
    assertThat(german.getSubject()).isEqualTo("Ihre Rechnung für März 2025: CHF 1\u2019234.50");
    assertThat(body(german)).contains("Betrag: CHF 1\u2019234.50\nZahlungsart: per Rechnung\nZahlbar bis: 11.04.2025\n");
    assertThat(english.getSubject()).isEqualTo("Your bill for March 2025: CHF 35.00");
    assertThat(body(english)).contains("Amount: CHF 35.00\nPayment: from your balance\n").doesNotContain("Due by");
  }

  @Test
  @DisplayName("the Message-ID and X-Uncloud-Event-Id derive from the event, so a resent notice is the same message")
  void messageIdFromEvent() throws Exception {
    notifier.send(lowBalance("evt_6f1c2a", "bob", "4.50", "5.00"));
    notifier.send(lowBalance("evt_6f1c2a", "bob", "4.50", "5.00"));

    List<MimeMessage> mails = server.awaitMessages(2);
    assertThat(mails).hasSize(2).allSatisfy(mail -> {
      assertThat(mail.getMessageID()).isEqualTo("<uncloud.evt_6f1c2a@lab.example>");
      assertThat(mail.getHeader(SmtpMailer.EVENT_HEADER)).containsExactly("evt_6f1c2a");
      assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
      assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("uncloud billing <billing@lab.example>");
      assertThat(mail.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
    });
  }

  @Test
  @DisplayName("an event id with characters a Message-ID cannot hold is hashed into it")
  void unusualEventId() throws Exception {
    notifier.send(lowBalance("evt:with:colons", "bob", "4.50", "5.00"));

    MimeMessage mail = server.awaitMessages(1).get(0);
    assertThat(mail.getMessageID()).matches("<uncloud\\.[0-9a-f]{64}@lab\\.example>");
    assertThat(mail.getHeader(SmtpMailer.EVENT_HEADER)).containsExactly("evt:with:colons");
  }

  @Test
  @DisplayName("a language without templates falls back to the configured default")
  void defaultLanguage() throws Exception {
    MailNotifier german = new MailNotifier(MailConfiguration.read(config(with(keys(server),
        "uncloud.mail.default-language", "de"))), directory, CLOCK);

    german.send(locked("evt_lock_dora", "dora", "-1.00"));

    assertThat(server.awaitMessages(1).get(0).getSubject()).isEqualTo("Ihr Konto ist gesperrt");
  }

  @Test
  @DisplayName("the address and language attributes are configurable")
  void configurableAttributes() throws Exception {
    directory.addUser("fritz", "pw", Map.of("cn", List.of("Fritz"), "mailRoutingAddress", List.of("fritz@uni.example"),
        "lang", List.of("de")));
    MailNotifier custom = new MailNotifier(MailConfiguration.read(config(with(with(keys(server),
        "uncloud.mail.address-attribute", "mailRoutingAddress"), "uncloud.mail.language-attribute", "lang"))),
        directory, CLOCK);

    custom.send(locked("evt_lock_fritz", "fritz", "-1.00"));

    MimeMessage mail = server.awaitMessages(1).get(0);
    assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("fritz@uni.example");
    assertThat(mail.getSubject()).isEqualTo("Ihr Konto ist gesperrt");
  }

  @Test
  @DisplayName("a person without an address, or with a value that is not one, gets no mail and nothing is left to retry")
  void noAddress() {
    assertThat(notifier.send(locked("evt_lock_carl", "carl", "-1.00"))).isEqualTo(MailNotifier.Outcome.NO_ADDRESS);
    assertThat(notifier.send(locked("evt_lock_eve", "eve", "-1.00"))).isEqualTo(MailNotifier.Outcome.NO_ADDRESS);
    assertThat(notifier.send(locked("evt_lock_ghost", "ghost", "-1.00")))
        .isEqualTo(MailNotifier.Outcome.UNKNOWN_ACCOUNT);

    notifier.send(locked("evt_lock_bob", "bob", "-1.00"));
    assertThat(server.awaitMessages(1)).extracting(MimeMessage::getMessageID)
        .containsExactly("<uncloud.evt_lock_bob@lab.example>");
  }

  @Test
  @DisplayName("a directory that cannot be reached is a retryable failure, not a skipped notice")
  void directoryDown() {
    directory.failNextReads(1);

    assertThatThrownBy(() -> notifier.send(locked("evt_lock_bob", "bob", "-1.00")))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(notifier.send(locked("evt_lock_bob", "bob", "-1.00"))).isEqualTo(MailNotifier.Outcome.SENT);
  }

  @Test
  @DisplayName("an SMTP server that is down is a retryable failure naming the server")
  void smtpDown() {
    server.stop();

    assertThatThrownBy(() -> notifier.send(locked("evt_lock_bob", "bob", "-1.00")))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("evt_lock_bob")
        .hasMessageContaining("smtp://127.0.0.1:" + server.port())
        .hasMessageContaining("retried");
  }

  private static MimeMessage to(List<MimeMessage> mails, String address) {
    return mails.stream().filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).findFirst().orElseThrow(() -> new AssertionError("no mail to " + address));
  }

  static Map<String, String> with(Map<String, String> keys, String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(keys);
    copy.put(key, value);
    return copy;
  }
}
