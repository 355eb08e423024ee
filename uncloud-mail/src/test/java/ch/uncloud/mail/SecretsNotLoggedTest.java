package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.EventType;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Secrets and addresses in logs")
class SecretsNotLoggedTest {
  private static final String PASSWORD = "smtp-logcheck-7f3a91";

  @Test
  @DisplayName("sent, refused, unreachable and address-less notices log what happened, never the password or an address")
  void noSecretsInLogs() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    List<String> details = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (TestSmtpServer server = TestSmtpServer.withLogin(ServerSetup.PROTOCOL_SMTP, "uncloud", PASSWORD)) {
      SmtpSettings smtp = SmtpSettings.of(TestSmtpServer.HOST, server.port(), SmtpSecurity.NONE, MailTestFixtures.FROM);
      MailNotices right = MailNotices.builder().smtp(smtp.withLogin("uncloud", Secret.of(PASSWORD)))
          .directory(MailTestFixtures.directory()).build();
      MailNotices wrong = MailNotices.builder().smtp(smtp.withLogin("uncloud", Secret.of(PASSWORD + "-wrong")))
          .directory(MailTestFixtures.directory()).build();

      details.add(right.deliver(lock("bob")).detail());
      details.add(right.deliver(lock("carl")).detail());
      DeliveryResult refused = wrong.deliver(lock("anna"));
      assertThat(refused.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
      details.add(refused.detail());
      server.stop();
      DeliveryResult down = right.deliver(lock("anna"));
      assertThat(down.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
      details.add(down.detail());
      details.add(right.toString());
      details.add(smtp.withLogin("uncloud", Secret.of(PASSWORD)).toString());
    } finally {
      System.setErr(original);
    }
    // the test server's own lines (GreenMail logs the mailboxes it creates) are not uncloud's
    String logs = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.contains("com.icegreen"))
        .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(logs).contains("account carl has no valid e-mail address");
    assertThat(logs + details).doesNotContain(PASSWORD).doesNotContain("anna@uni.example")
        .doesNotContain("bob@uni.example");
  }

  private static ch.uncloud.api.events.Event lock(String account) {
    return MailNoticesTest.event(EventType.ACCOUNT_LOCKED, account, "credit", "-3.20", "currency", "CHF",
        "entry", "e-" + account, "service", "printer");
  }
}
