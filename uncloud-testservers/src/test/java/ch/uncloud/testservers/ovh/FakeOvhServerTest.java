package ch.uncloud.testservers.ovh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeOvhServer")
class FakeOvhServerTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private FakeOvhServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeOvhServer.start(new String[] {"--port", "0", "--app-key", "AK", "--app-secret", "AS",
        "--consumer-key", "CK"}, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> signedGet(String path, long timestamp, String secret) throws Exception {
    String url = server.baseUrl() + path;
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET()
        .header("X-Ovh-Application", "AK").header("X-Ovh-Consumer", "CK")
        .header("X-Ovh-Timestamp", Long.toString(timestamp))
        .header("X-Ovh-Signature", FakeOvhServer.sign(secret, "CK", "GET", url, "", timestamp)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("starts from command-line options and prints its endpoint")
  void startsFromOptions() {
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("uncloud.ovh.endpoint=" + server.baseUrl());
    assertThat(server.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/1.0");
  }

  @Test
  @DisplayName("refuses unknown options with the usage")
  void unknownOption() {
    assertThatThrownBy(() -> FakeOvhServer.start(new String[] {"--color", "red"}, System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage: --port N");
  }

  @Test
  @DisplayName("answers /auth/time unsigned with a bare integer")
  void authTime() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/time")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(r.body())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
  }

  @Test
  @DisplayName("accepts a correct signature and rejects a wrong one or a stale timestamp in OVH's error shape")
  void verifiesSignatures() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(signedGet("/order/cart", now, "AS").body()).isEqualTo("[]");
    HttpResponse<String> wrong = signedGet("/order/cart", now, "not-the-secret");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).isEqualTo("{\"errorCode\":\"INVALID_SIGNATURE\",\"httpCode\":\"400 Bad Request\","
        + "\"message\":\"Invalid signature\"}");
    assertThat(wrong.headers().firstValue("X-Ovh-QueryID")).isPresent();
    HttpResponse<String> stale = signedGet("/order/cart", now - 120, "AS");
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("QUERY_TIME_OUT").contains("Query out of time");
  }
}
