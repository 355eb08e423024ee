package ch.uncloud.testservers.ovh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeOvhServer over HTTPS")
class FakeOvhServerTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private FakeOvhServer server;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = FakeOvhServer.start(new String[] {"--port", "0", "--app-key", "AK", "--app-secret", "AS",
        "--consumer-key", "CK"}, new PrintStream(printed, true, StandardCharsets.UTF_8));
    http = trusting(server.certificatePem());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static HttpClient trusting(String pem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("fake", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
  }

  private HttpResponse<String> signed(String method, String path, String body, long timestamp, String signedUrl,
      String signedBody) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("X-Ovh-Application", "AK").header("X-Ovh-Consumer", "CK")
        .header("X-Ovh-Timestamp", Long.toString(timestamp))
        .header("X-Ovh-Signature", FakeOvhServer.sign("AS", "CK", method, signedUrl, signedBody, timestamp)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signedGet(String path, long timestamp, String signedUrl) throws Exception {
    return signed("GET", path, "", timestamp, signedUrl, "");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("starts from command-line options and prints its HTTPS endpoint and where its certificate is")
  void startsFromOptions() {
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("uncloud.ovh.endpoint=" + server.baseUrl()).contains("uncloud.ovh.trust-certificate=");
    assertThat(server.baseUrl()).startsWith("https://127.0.0.1:").endsWith("/1.0");
    assertThat(server.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  @DisplayName("refuses unknown options with the usage")
  void unknownOption() {
    assertThatThrownBy(() -> FakeOvhServer.start(new String[] {"--color", "red"}, System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage: --port N");
  }

  @Test
  @DisplayName("speaks HTTPS only: a client that does not trust its certificate cannot talk to it")
  void httpsOnly() {
    HttpClient untrusting = HttpClient.newHttpClient();
    assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/time"))
        .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  @DisplayName("answers /auth/time unsigned with a bare integer")
  void authTime() throws Exception {
    HttpResponse<String> r = get("/auth/time");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(r.body())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
  }

  @Test
  @DisplayName("serves the API schema documents /1.0/order.json and /1.0/auth.json without credentials")
  void schemaDocuments() throws Exception {
    HttpResponse<String> order = get("/order.json");
    assertThat(order.statusCode()).isEqualTo(200);
    assertThat(order.body()).contains("\"resourcePath\": \"/order\"").contains("/order/cart/{cartId}/checkout");
    assertThat(get("/auth.json").body()).contains("/auth/time");
  }

  @Test
  @DisplayName("a route that needs a login, called without a consumer key, is 401 Client::Unauthorized")
  void mustLoginFirst() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/order/cart"))
        .header("X-Ovh-Application", "AK").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"class\":\"Client::Unauthorized\",\"message\":\"You must login first\"}");
  }

  @Test
  @DisplayName("verifies the signature over https://127.0.0.1 + path without the port, as node-ovh signs")
  void canonicalUrlWithoutPort() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(server.canonicalUrl("/1.0/order/cart")).isEqualTo("https://127.0.0.1/1.0/order/cart");
    assertThat(signedGet("/order/cart", now, "https://127.0.0.1/1.0/order/cart").body()).isEqualTo("[]");
    HttpResponse<String> withPort = signedGet("/order/cart", now, server.baseUrl() + "/order/cart");
    assertThat(withPort.statusCode()).isEqualTo(400);
    assertThat(withPort.body()).isEqualTo("{\"errorCode\":\"INVALID_SIGNATURE\",\"httpCode\":\"400 Bad Request\","
        + "\"message\":\"Invalid signature\"}");
    assertThat(signedGet("/order/cart", now, "http://127.0.0.1/1.0/order/cart").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("refuses a signature for a tampered path, a tampered body or a stale timestamp")
  void tampering() throws Exception {
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> path = signedGet("/order/cart?description=b", now,
        "https://127.0.0.1/1.0/order/cart?description=a");
    assertThat(path.statusCode()).isEqualTo(400);
    assertThat(path.body()).contains("INVALID_SIGNATURE");
    HttpResponse<String> body = signed("POST", "/order/cart", "{\"ovhSubsidiary\":\"DE\"}", now,
        "https://127.0.0.1/1.0/order/cart", "{\"ovhSubsidiary\":\"FR\"}");
    assertThat(body.statusCode()).isEqualTo(400);
    assertThat(body.body()).contains("INVALID_SIGNATURE");
    HttpResponse<String> stale = signedGet("/order/cart", now - 120, "https://127.0.0.1/1.0/order/cart");
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("QUERY_TIME_OUT").contains("Query out of time");
    assertThat(server.cartIds()).isEmpty();
  }
}
