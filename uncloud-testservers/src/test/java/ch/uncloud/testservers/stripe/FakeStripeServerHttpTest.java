package ch.uncloud.testservers.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeStripeServer over plain HTTP")
class FakeStripeServerHttpTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private FakeStripeServer fake;

  @BeforeEach
  void start() {
    fake = FakeStripeServer.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpResponse<String> post(String path, String body, String authorization, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("accepts the key as Basic auth user, as curl -u sk_test_...: in Stripe's documentation")
  void basicAuth() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString("sk_test_curl12345:".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = post("/v1/customers", "email=a%40example.com&metadata[x]=1", basic, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"email\":\"a@example.com\"").contains("\"x\":\"1\"");
    assertThat(response.headers().firstValue("Request-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
  }

  @Test
  @DisplayName("a missing key is Stripe's 401 asking for Bearer auth")
  void missingKey() throws Exception {
    HttpResponse<String> response = post("/v1/customers", "", null, null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("invalid_request_error").contains("Bearer");
  }

  @Test
  @DisplayName("a replayed idempotent request says so in Idempotent-Replayed and returns the same object")
  void replayHeader() throws Exception {
    String bearer = "Bearer sk_test_replay12345";
    HttpResponse<String> first = post("/v1/customers", "name=Ann", bearer, "key-1");
    HttpResponse<String> second = post("/v1/customers", "name=Ann", bearer, "key-1");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(fake.customerCount()).isEqualTo(1);
    HttpResponse<String> other = post("/v1/customers", "name=Bob", bearer, "key-1");
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.body()).contains("idempotency_error");
  }

  @Test
  @DisplayName("an unknown path is a 404 in Stripe's error shape")
  void unknownPath() throws Exception {
    HttpResponse<String> response = post("/v1/invoices", "", "Bearer sk_test_paths12345", null);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("Unrecognized request URL");
  }
}
