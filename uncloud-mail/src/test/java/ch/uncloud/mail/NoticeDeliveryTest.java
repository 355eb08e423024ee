package ch.uncloud.mail;

import static ch.uncloud.mail.MailTestFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.EventDispatcher;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Notices from real bookings: the core announces the threshold crossings and locks in the ledger's
 * outbox, the dispatcher delivers them to the notices (found by discovery from {@code uncloud.mail.*},
 * as {@code uncloud serve} finds them), and they arrive at a real SMTP server.
 */
class NoticeDeliveryTest {
  private final TestClock clock = TestClock.at("2025-03-03T09:00:00Z");
  private TestSmtpServer server;
  private UncloudCore uncloud;
  private EventDispatcher dispatcher;
  private CreditService credit;

  @BeforeEach
  void start() {
    server = TestSmtpServer.plain();
    Map<String, String> keys = MailTestFixtures.keys(server);
    keys.put("uncloud.events.thresholds", "5.00");
    keys.put("uncloud.events.first-retry", "30s");
    keys.put("uncloud.events.retry-for", "1h");
    uncloud = UncloudCore.builder().ledger(InMemoryLedger.create()).directory(MailTestFixtures.directory())
        .clock(clock).currency(Currency.getInstance("CHF"))
        .admin("labadmin", Secret.of("labgeheim"))
        .service(ServiceDefinition.builder("printer").owners("labadmin").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("deposits").owners("labadmin").maxCharge("10000.00").build())
        .configure(MailTestFixtures.config(keys)).build();
    dispatcher = uncloud.eventDispatcher().orElseThrow();
    credit = uncloud.credit();
  }

  @AfterEach
  void stop() {
    dispatcher.close();
    uncloud.close();
    server.close();
  }

  @Test
  @DisplayName("the dispatcher delivers to the mail notices discovered from uncloud.mail.*")
  void discovered() {
    assertThat(dispatcher.sinks()).hasAtLeastOneElementOfType(MailNotices.class);
  }

  @Test
  @DisplayName("low-balance and lock e-mails arrive in each person's language with the booked amounts")
  void lowBalanceAndLock() throws Exception {
    deposit("anna", "10.00");
    deposit("bob", "10.00");
    charge("anna", "6.00");   // 10.00 -> 4.00: below 5.00
    charge("bob", "12.50");   // 10.00 -> -2.50: below 5.00, and locked
    drain();

    List<MimeMessage> mails = server.awaitMessages(3);
    assertThat(mails).hasSize(3);
    MimeMessage anna = only(mails, "anna@uni.example");
    assertThat(anna.getSubject()).isEqualTo("Ihr Guthaben ist unter CHF 5.00 gefallen");
    assertThat(body(anna)).contains("beträgt noch CHF 4.00 und liegt damit unter CHF 5.00")
        .contains("Betroffener Dienst: printer");
    List<String> bobs = subjects(mails, "bob@uni.example");
    assertThat(bobs).containsExactlyInAnyOrder("Your balance is below CHF 5.00", "Your account is locked");
    MimeMessage lock = mails.stream().filter(m -> subject(m).equals("Your account is locked")).findFirst().orElseThrow();
    assertThat(body(lock)).contains("Your account bob is locked because your credit is CHF -2.50.");
    assertThat(lock.getMessageID()).startsWith("<uncloud.evt_").endsWith("@lab.example>");

    clock.advance(Duration.ofHours(2));
    drain();
    assertThat(server.messages()).as("delivered once, not again").hasSize(3);
  }

  @Test
  @DisplayName("with the SMTP server down the notice is retried after the backoff, and arrives once it is back")
  void smtpDownThenBack() throws Exception {
    deposit("bob", "10.00");
    server.stop();
    charge("bob", "11.00");    // 10.00 -> -1.00: below 5.00, and locked

    assertThat(dispatcher.runOnce()).as("attempts while the server is down").isPositive();
    server.start();
    assertThat(dispatcher.runOnce()).as("nothing is due before the backoff").isZero();
    assertThat(server.messages()).isEmpty();

    clock.advance(Duration.ofSeconds(31));
    drain();

    assertThat(server.awaitMessages(2)).extracting(NoticeDeliveryTest::subject)
        .containsExactlyInAnyOrder("Your balance is below CHF 5.00", "Your account is locked");
    assertThat(uncloud.events().parked()).isEmpty();
  }

  @Test
  @DisplayName("a notice that still fails after the retry period is parked for an operator, then resent")
  void parkedAfterRetryPeriod() throws Exception {
    deposit("bob", "10.00");
    server.stop();
    charge("bob", "11.00");   // 10.00 -> -1.00: below 5.00, and locked
    for (int i = 0; i < 20 && uncloud.events().parked().size() < 2; i++) {
      dispatcher.runOnce();
      clock.advance(Duration.ofMinutes(10));
    }

    assertThat(uncloud.events().parked()).hasSize(2).allSatisfy(parked -> {
      assertThat(parked.sink()).isEqualTo(MailNotices.NAME);
      assertThat(parked.toString()).doesNotContain("bob@uni.example");
    });

    server.start();
    uncloud.events().parked().forEach(parked -> uncloud.events().resend(parked.sink(), parked.event().id()));
    drain();
    assertThat(server.awaitMessages(2)).hasSize(2);
  }

  @Test
  @DisplayName("a person without an address gets nothing, and the notice is not retried or parked")
  void noAddress() {
    deposit("carl", "10.00");
    charge("carl", "11.00");  // below 5.00, and locked: two notices for a person without an address
    drain();
    clock.advance(Duration.ofHours(2));
    drain();

    assertThat(server.messages()).isEmpty();
    assertThat(uncloud.events().parked()).isEmpty();
  }

  /** Runs rounds until one attempts nothing (the dispatcher takes one event per account per round). */
  private void drain() {
    for (int i = 0; i < 20 && dispatcher.runOnce() > 0; i++) {
      // next round
    }
  }

  private void deposit(String user, String amount) {
    credit.deposit(admin(), new DepositRequest(ch.uncloud.api.ServiceName.of("deposits"), ch.uncloud.api.Username.of(user),
        ch.uncloud.api.Money.of(amount, "CHF"), "cash", null));
  }

  private void charge(String user, String amount) {
    credit.chargeUser(admin(), ChargeRequest.of("printer", user, amount, "CHF", "print job"));
  }

  private AdminSession admin() {
    return credit.authenticate("labadmin", Secret.of("labgeheim"));
  }

  private static MimeMessage only(List<MimeMessage> mails, String to) {
    List<MimeMessage> found = mails.stream().filter(m -> recipient(m).equals(to)).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<String> subjects(List<MimeMessage> mails, String to) {
    return mails.stream().filter(m -> recipient(m).equals(to)).map(NoticeDeliveryTest::subject).toList();
  }

  private static String recipient(MimeMessage mail) {
    try {
      return mail.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
