package ch.uncloud.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a loopback port that stays the same across {@link #stop()} and
 * {@link #start()}, so a test can take the server away and bring it back under the same address.
 */
final class TestSmtpServer implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  private final ServerSetup setup;
  private final GreenMailConfiguration configuration;
  private GreenMail greenMail;

  private TestSmtpServer(String protocol, GreenMailConfiguration configuration) {
    this.setup = new ServerSetup(freePort(), HOST, protocol);
    this.configuration = configuration;
  }

  /** @return a running plain SMTP server that accepts mail without a login */
  static TestSmtpServer plain() {
    return new TestSmtpServer(ServerSetup.PROTOCOL_SMTP, GreenMailConfiguration.aConfig().withDisabledAuthentication())
        .start();
  }

  /**
   * @param protocol smtp or smtps
   * @param user a login name
   * @param password its password
   * @return a running server that knows that login
   */
  static TestSmtpServer withLogin(String protocol, String user, String password) {
    return new TestSmtpServer(protocol, GreenMailConfiguration.aConfig().withUser(user, password)).start();
  }

  /** @return this server, (re)started on its port */
  TestSmtpServer start() {
    greenMail = new GreenMail(setup).withConfiguration(configuration);
    greenMail.start();
    return this;
  }

  /** Stops the server: connections to its port are refused until {@link #start()}. */
  void stop() {
    greenMail.stop();
  }

  int port() {
    return setup.getPort();
  }

  /**
   * @param count how many messages to wait for (in total since the last start)
   * @return the messages received, after waiting up to 10 s for that many
   */
  List<MimeMessage> awaitMessages(int count) {
    greenMail.waitForIncomingEmail(10_000, count);
    return List.of(greenMail.getReceivedMessages());
  }

  /** @return the messages received so far */
  List<MimeMessage> messages() {
    return List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the test SMTP server", e);
    }
  }
}
