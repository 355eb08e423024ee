package ch.uncloud.ovh;

import ch.uncloud.api.Secret;
import ch.uncloud.testservers.ovh.FakeOvhServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Test fixture: a started {@link FakeOvhServer} with test credentials, and clients for it. */
final class FakeOvh implements AutoCloseable {
  static final String AK = "fakeAppKey0001";
  static final String AS = "fakeAppSecret0000000000000000001";
  static final String CK = "fakeConsumerKey00000000000000001";

  final FakeOvhServer server;
  final Path certificate;

  FakeOvh() {
    this(Clock.systemUTC());
  }

  FakeOvh(Clock serverClock) {
    try {
      server = FakeOvhServer.builder().applicationKey(AK).applicationSecret(AS).consumerKey(CK).clock(serverClock)
          .build().start();
      certificate = server.exportCertificate(Files.createTempFile("fake-ovh-", ".pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client with short timeouts and quick GET retries, so fault tests stay fast. */
  OvhClientBuilder client() {
    return OvhClient.builder().endpoint(server.baseUrl()).trustCertificate(certificate)
        .applicationKey(Secret.of(AK)).applicationSecret(Secret.of(AS)).consumerKey(Secret.of(CK))
        .requestTimeout(Duration.ofMillis(1500)).getRetries(1, Duration.ofMillis(10));
  }

  @Override
  public void close() {
    server.close();
    try {
      Files.deleteIfExists(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
