package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.chargeForm;
import static ch.uncloud.gateway.GatewayHarness.encode;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Requests the gateway would have to guess at are refused before routing, over raw sockets")
class AmbiguousRequestTest {
  private static final Path LOG = Path.of("target/gateway-test.log");
  static GatewayHarness lab;

  @BeforeAll
  static void start() {
    lab = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static JsonObject body(GatewayHarness.Reply reply) {
    return Json.createReader(new StringReader(reply.body())).readObject();
  }

  private static GatewayHarness.Reply postCharge(String target, String... extraHeaders) {
    byte[] form = ascii(encode(chargeForm("nethzuser", "1.00")));
    StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length);
    for (String header : extraHeaders) {
      head.append("\r\n").append(header);
    }
    return lab.raw(ascii(head.toString()), form);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/charge;x=1", "/x/../charge", "/api/v1/../../charge", "/./charge", "/%63harge",
      "/charge%2F", "//charge", "/charge/.", "/api/v1/orders/%2e%2e"})
  @DisplayName("a path that is not written as routed is 400 non_canonical_path, books nothing, and is logged as sent")
  void nonCanonicalPathRefused(String target) throws Exception {
    int before = lab.entryCount();

    GatewayHarness.Reply reply = postCharge(target);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(body(reply).getString("error")).isEqualTo("non_canonical_path");
    assertThat(lab.entryCount()).isEqualTo(before);
    assertThat(awaitLogLine("\"POST " + target + "\" 400")).isTrue();
  }

  @Test
  @DisplayName("the canonical /charge still books, so the refusals above are about the spelling alone")
  void canonicalPathBooks() {
    int before = lab.entryCount();

    GatewayHarness.Reply reply = postCharge("/charge");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(lab.entryCount()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("Transfer-Encoding: gzip, chunked with a body that is not gzip is 501 and books nothing")
  void gzipTransferCodingRefused() {
    int before = lab.entryCount();
    byte[] form = ascii(encode(chargeForm("nethzuser", "1.00")));
    byte[] chunked = ascii(Integer.toHexString(form.length) + "\r\n" + new String(form, StandardCharsets.US_ASCII)
        + "\r\n0\r\n\r\n");

    GatewayHarness.Reply reply = lab.raw(ascii("POST /charge HTTP/1.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: gzip, chunked"), chunked);

    assertThat(reply.status()).isEqualTo(501);
    assertThat(body(reply).getString("error")).isEqualTo("unsupported_transfer_coding");
    assertThat(lab.entryCount()).isEqualTo(before);
  }

  @Test
  @DisplayName("a Content-Encoding (gzip) is 415 unsupported_content_coding and books nothing")
  void contentCodingRefused() {
    int before = lab.entryCount();

    GatewayHarness.Reply reply = postCharge("/charge", "Content-Encoding: gzip");

    assertThat(reply.status()).isEqualTo(415);
    assertThat(body(reply).getString("error")).isEqualTo("unsupported_content_coding");
    assertThat(lab.entryCount()).isEqualTo(before);
  }

  @Test
  @DisplayName("a request line with HTTP/2.5 gets 505 with its own code, not internal_error")
  void unknownHttpVersion() {
    GatewayHarness.Reply reply = lab.raw(ascii("GET /health HTTP/2.5"));

    assertThat(reply.status()).isEqualTo(505);
    assertThat(body(reply).getString("error")).isEqualTo("http_version_not_supported");
    assertThat(body(reply).getString("message")).contains("HTTP/1.1");
  }

  @Test
  @DisplayName("a JSON order with a duplicate key is 400 duplicate_field and places no order")
  void duplicateJsonKeyRefused() {
    byte[] json = "{\"product\":\"nosuch\",\"product\":\"membership\"}".getBytes(StandardCharsets.UTF_8);
    String basic = Base64.getEncoder().encodeToString(ascii("nethzuser:nethzgeheim"));

    GatewayHarness.Reply reply = lab.raw(ascii("POST /api/v1/orders HTTP/1.1\r\nContent-Type: application/json\r\n"
        + "Authorization: Basic " + basic + "\r\nContent-Length: " + json.length), json);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(body(reply).getString("error")).isEqualTo("duplicate_field");
    assertThat(lab.get("/api/v1/orders", "Authorization", "Basic " + basic).body()).contains("\"orders\":[]");
  }

  @Test
  @DisplayName("a duplicate key inside the parameters object is refused too")
  void duplicateNestedJsonKeyRefused() {
    assertThat(ShopApi.firstDuplicateKey("{\"product\":\"ipv6-vm\",\"parameters\":{\"cores\":1,\"cores\":8}}"))
        .isEqualTo("cores");
    assertThat(ShopApi.firstDuplicateKey("{\"a\":[{\"x\":1},{\"x\":2}],\"b\":{\"x\":1}}")).isNull();
  }

  /** The access log line is written when the response completes, just after the client has it. */
  private static boolean awaitLogLine(String text) throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (Files.readString(LOG, StandardCharsets.UTF_8).contains(text)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
