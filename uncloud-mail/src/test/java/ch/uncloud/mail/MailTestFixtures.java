package ch.uncloud.mail;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** People, notices and configuration the mail tests share. */
final class MailTestFixtures {
  static final String FROM = "uncloud billing <billing@lab.example>";

  private MailTestFixtures() {}

  /**
   * @return anna (German, de-CH), bob (English), carl (no address), dora (French, which has no
   *     templates), eve (an address that is not one)
   */
  static InMemoryAccountDirectory directory() {
    return InMemoryAccountDirectory.create()
        .addUser("anna", "pw", Map.of("cn", List.of("Anna Muster"), "mail", List.of("anna@uni.example"),
            "preferredLanguage", List.of("de-CH")))
        .addUser("bob", "pw", Map.of("cn", List.of("Bob Example"), "mail", List.of("bob@uni.example"),
            "preferredLanguage", List.of("en")))
        .addUser("carl", "pw", Map.of("cn", List.of("Carl Ohnemail")))
        .addUser("dora", "pw", Map.of("cn", List.of("Dora Dupont"), "mail", List.of("dora@uni.example"),
            "preferredLanguage", List.of("fr")))
        .addUser("eve", "pw", Map.of("cn", List.of("Eve"), "mail", List.of("not an address")));
  }

  /**
   * @param server the test SMTP server
   * @return keys for plain SMTP to it, English by default
   */
  static Map<String, String> keys(TestSmtpServer server) {
    Map<String, String> keys = new HashMap<>();
    keys.put("uncloud.mail.host", TestSmtpServer.HOST);
    keys.put("uncloud.mail.port", Integer.toString(server.port()));
    keys.put("uncloud.mail.security", "none");
    keys.put("uncloud.mail.from", FROM);
    keys.put("uncloud.mail.timeout", "5s");
    keys.put("uncloud.mail.connect-timeout", "2s");
    return keys;
  }

  static ProviderConfig config(Map<String, String> keys) {
    return ProviderConfig.of(keys).withEnvironment(Map.of());
  }

  static Notice lowBalance(String eventId, String account, String balance, String threshold) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("balance", Money.of(balance, "CHF"));
    values.put("threshold", Money.of(threshold, "CHF"));
    values.put("service", "printer");
    return new Notice(NoticeKind.LOW_BALANCE, eventId, Username.of(account), values);
  }

  static Notice locked(String eventId, String account, String credit) {
    return new Notice(NoticeKind.ACCOUNT_LOCKED, eventId, Username.of(account),
        Map.of("credit", Money.of(credit, "CHF"), "service", "printer"));
  }

  static Notice billFinal(String eventId, String account, String total, String payment, LocalDate due) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("bill", "bill-2025-03-" + account);
    values.put("month", YearMonth.of(2025, 3));
    values.put("total", Money.of(total, "CHF"));
    values.put("payment", new Notice.Payment(payment));
    if (due != null) {
      values.put("due", due);
    }
    return new Notice(NoticeKind.BILL_FINAL, eventId, Username.of(account), values);
  }

  static String body(MimeMessage message) {
    try {
      return message.getContent().toString().replace("\r\n", "\n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
