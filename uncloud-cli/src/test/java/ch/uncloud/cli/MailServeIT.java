package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uncloud serve --config} with {@code uncloud.mail.*}: the packaged command (its shaded jar,
 * so Angus Mail as shipped) sends a lock notice in the person's language to a real SMTP server
 * (GreenMail in this JVM) after a charge over HTTP, and its banner says where mail goes.
 */
@DisplayName("uncloud serve sends e-mail notices")
class MailServeIT {
  @TempDir
  Path work;

  @Test
  @DisplayName("a charge that locks nethzuser (preferredLanguage de-CH) brings a German lock e-mail with the amount")
  void lockNoticeArrives() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.addAll(List.of(
          "uncloud.events.thresholds=5.00",
          "uncloud.mail.host=127.0.0.1",
          "uncloud.mail.port=" + port,
          "uncloud.mail.security=none",
          "uncloud.mail.from=Lab credit <credit@lab.example>"));
      Files.write(config, keys);

      LaunchedUncloud running = LaunchedUncloud.start(work, Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword()),
          "serve", "--config", config.toString());
      HttpResponse<String> charged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(running.url() + "/charge"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("admin_username=labadmin&admin_password=a+real+admin+secret"
              + "&service_name=3dprint&username=nethzuser&amount=2.00&currency=CHF&payment_comment=print"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);
      assertThat(running.banner()).anySatisfy(l -> assertThat(l)
          .contains("mail:      account-locked, bill-final, low-balance notices via smtp://127.0.0.1:"
              + port));
      assertThat(smtp.waitForIncomingEmail(30_000, 1)).as("a notice arrives; stderr: %s",
          Files.readString(running.stderr())).isTrue();
      running.stopCleanly();
      MimeMessage[] mails = smtp.getReceivedMessages();
      assertThat(mails).extracting(MimeMessage::getSubject).contains("Ihr Konto ist gesperrt");
      assertThat(mails).allSatisfy(mail -> assertThat(mail.getAllRecipients()[0].toString())
          .isEqualTo("nethzuser@uncloud.demo"));
      MimeMessage lock = java.util.Arrays.stream(mails).filter(m -> subject(m).equals("Ihr Konto ist gesperrt"))
          .findFirst().orElseThrow();
      assertThat(lock.getContent().toString()).contains("Ihr Konto nethzuser ist gesperrt, weil Ihr Guthaben CHF -2.00 beträgt.");
    } finally {
      smtp.stop();
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
