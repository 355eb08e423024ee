package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ErrorCategory;
import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import ch.uncloud.testservers.ovh.FakeOvhServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("OvhClient against the OVH fake")
class OvhClientTest {
  private FakeOvh fake;

  @BeforeEach
  void start() {
    fake = new FakeOvh();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private long count(String method, String path) {
    return fake.server.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
  }

  private String newCart(OvhClient client) {
    return client.post("/order/cart", Json.createObjectBuilder().add("ovhSubsidiary", "FR").build())
        .asJsonObject().getString("cartId");
  }

  @Test
  @DisplayName("signed calls pass the fake's signature and timestamp checks")
  void signedCallsAreAccepted() {
    try (OvhClient client = fake.client().build()) {
      String cartId = newCart(client);
      assertThat(client.get("/order/cart").asJsonArray()).hasSize(1);
      assertThat(fake.server.requests()).filteredOn(FakeOvhServer.RecordedRequest::signed).hasSize(2);
      assertThat(cartId).isNotBlank();
    }
  }

  @Test
  @DisplayName("a server clock far from the local one is learned from /auth/time and signed calls succeed")
  void serverClockDriftIsLearned() {
    fake.server.serverTimeOffset(Duration.ofMinutes(37));
    try (OvhClient client = fake.client().build()) {
      newCart(client);
      assertThat(client.timeDelta()).isBetween(37 * 60L - 2, 37 * 60L + 2);
    }
  }

  @Test
  @DisplayName("after the server clock jumps, a time error makes the client learn the time again and retry once")
  void timeErrorRefreshesOffsetAndRetriesOnce() {
    try (OvhClient client = fake.client().build()) {
      newCart(client);
      fake.server.serverTimeOffset(Duration.ofMinutes(-20));
      newCart(client);
      assertThat(count("GET", "/auth/time")).isEqualTo(2);
      assertThat(count("POST", "/order/cart")).isEqualTo(3);
      assertThat(fake.server.cartIds()).hasSize(2);
    }
  }

  @Test
  @DisplayName("a wrong application secret is refused after one resynchronisation, as a configuration problem")
  void wrongSecret() {
    try (OvhClient client = fake.client().applicationSecret(Secret.of("wrong")).build()) {
      assertThatThrownBy(() -> client.get("/order/cart"))
          .isInstanceOfSatisfying(OvhCredentialsException.class, e -> {
            assertThat(e.ovhError().errorCode()).isEqualTo("INVALID_SIGNATURE");
            assertThat(e.ovhError().httpStatus()).isEqualTo(400);
            assertThat(e.ovhError().queryId()).startsWith("FAKE.");
            assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
            assertThat(e.getMessage()).doesNotContain("wrong").doesNotContain(FakeOvh.AS);
          });
      assertThat(count("GET", "/order/cart")).isEqualTo(2);
      assertThat(count("GET", "/auth/time")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("an unknown application key or consumer key is a credentials error carrying OVH's code")
  void unknownKeys() {
    try (OvhClient client = fake.client().applicationKey(Secret.of("nope")).build()) {
      assertThatThrownBy(() -> client.getUnsigned("/order/catalog/formatted/dedicated?ovhSubsidiary=FR"))
          .isInstanceOfSatisfying(OvhCredentialsException.class,
              e -> assertThat(e.ovhError().errorCode()).isEqualTo("INVALID_KEY"));
    }
    try (OvhClient client = fake.client().consumerKey(Secret.of("unknownConsumerKey")).build()) {
      assertThatThrownBy(() -> client.get("/order/cart"))
          .isInstanceOfSatisfying(OvhCredentialsException.class,
              e -> assertThat(e.ovhError().errorCode()).isEqualTo("INVALID_CREDENTIAL"));
    }
  }

  @Test
  @DisplayName("a requested consumer key works only after validation")
  void consumerKeyFlow() {
    OvhCredentialRequest request;
    try (OvhClient anonymous = fake.client().consumerKey(null).build()) {
      request = anonymous.requestConsumerKey(OvhAccessRule.serverOrdering(), "https://example.org/done");
    }
    assertThat(request.validationUrl()).startsWith("https://");
    assertThat(request.state()).isEqualTo("pendingValidation");
    assertThat(request.consumerKey().toString()).isEqualTo("****");
    JsonObject sent = Json.createReader(new java.io.StringReader(fake.server.requests().get(0).body())).readObject();
    assertThat(sent.getJsonArray("accessRules")).hasSize(5);
    assertThat(sent.getString("redirection")).isEqualTo("https://example.org/done");
    try (OvhClient client = fake.client().consumerKey(request.consumerKey()).build()) {
      assertThatThrownBy(() -> client.get("/order/cart"))
          .isInstanceOfSatisfying(OvhCredentialsException.class,
              e -> assertThat(e.ovhError().errorCode()).isEqualTo("NOT_CREDENTIAL"));
      fake.server.validateConsumerKey(request.consumerKey().reveal());
      assertThat(client.get("/order/cart").asJsonArray()).isEmpty();
    }
  }

  @Test
  @DisplayName("an authenticated route called without a consumer key is refused")
  void authenticatedRouteNeedsConsumerKey() {
    try (OvhClient client = fake.client().build()) {
      assertThatThrownBy(() -> client.call("GET", "/order/cart", null, false))
          .isInstanceOfSatisfying(OvhCredentialsException.class, e -> assertThat(e.ovhError().httpStatus()).isEqualTo(401));
    }
  }

  @Test
  @DisplayName("a server error on a GET is retried, and the retry's answer is returned")
  void getIsRetried() {
    fake.server.failNext("GET", "/order/catalog", 503);
    try (OvhClient client = fake.client().build()) {
      JsonObject catalog = client.getUnsigned("/order/catalog/formatted/dedicated?ovhSubsidiary=FR").asJsonObject();
      assertThat(catalog.getJsonArray("products")).hasSize(5);
      assertThat(count("GET", "/order/catalog/formatted/dedicated?ovhSubsidiary=FR")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a slow GET times out and is retried")
  void slowGetIsRetried() {
    fake.server.delayNext("GET", "/order/catalog", Duration.ofMillis(3500));
    try (OvhClient client = fake.client().build()) {
      assertThat(client.getUnsigned("/order/catalog/formatted/dedicated?ovhSubsidiary=FR").asJsonObject()).isNotEmpty();
      assertThat(count("GET", "/order/catalog/formatted/dedicated?ovhSubsidiary=FR")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a server error on a POST is never retried and says the request may have been processed")
  void postIsNeverRetried() {
    fake.server.failNext("POST", "/order/cart", 500);
    try (OvhClient client = fake.client().build()) {
      assertThatThrownBy(() -> newCart(client))
          .isInstanceOfSatisfying(OvhUnavailableException.class, e -> {
            assertThat(e.mayHaveBeenProcessed()).isTrue();
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.ovhError().errorClass()).isEqualTo("Server::InternalServerError");
            assertThat(e.ovhError().queryId()).isNotNull();
          });
      assertThat(count("POST", "/order/cart")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("an unreachable OVH is unavailable, and a write that never left is marked as not processed")
  void unreachable() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (OvhClient client = OvhClient.builder().endpoint("http://127.0.0.1:" + port + "/1.0")
        .applicationKey(Secret.of("AK")).applicationSecret(Secret.of("AS")).consumerKey(Secret.of("CK"))
        .getRetries(0, Duration.ZERO).build()) {
      assertThatThrownBy(() -> client.call("POST", "/order/cart", Json.createObjectBuilder().build(), false))
          .isInstanceOfSatisfying(OvhUnavailableException.class, e -> assertThat(e.mayHaveBeenProcessed()).isFalse());
    }
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(400, "{\"class\":\"Client::BadRequest\",\"message\":\"invalid ovhSubsidiary\"}",
            OvhBadRequestException.class, ErrorCategory.INVALID_REQUEST, null, "Client::BadRequest", "invalid ovhSubsidiary"),
        Arguments.of(400, "{\"message\":\"Custom field vps_ssd_datacenter is mandatory for product ssd_model1_2018v1\"}",
            OvhBadRequestException.class, ErrorCategory.INVALID_REQUEST, null, null, "Custom field vps_ssd_datacenter is mandatory for product ssd_model1_2018v1"),
        Arguments.of(403, "{\"errorCode\":\"NOT_GRANTED_CALL\",\"httpCode\":\"403 Forbidden\",\"message\":\"This call has not been granted\"}",
            OvhForbiddenException.class, ErrorCategory.FORBIDDEN, "NOT_GRANTED_CALL", null, "This call has not been granted"),
        Arguments.of(403, "{\"class\":\"Client::Forbidden\",\"message\":\"You are not allowed\"}",
            OvhForbiddenException.class, ErrorCategory.FORBIDDEN, null, "Client::Forbidden", "You are not allowed"),
        Arguments.of(403, "{\"errorCode\":\"INVALID_CREDENTIAL\",\"httpCode\":\"403 Forbidden\",\"message\":\"This credential does not exist\"}",
            OvhCredentialsException.class, ErrorCategory.CONFIGURATION, "INVALID_CREDENTIAL", null, "This credential does not exist"),
        Arguments.of(403, "{\"message\":\"This credential does not exist\"}",
            OvhCredentialsException.class, ErrorCategory.CONFIGURATION, null, null, "This credential does not exist"),
        Arguments.of(404, "{\"class\":\"Client::NotFound\",\"message\":\"The requested object (cartId = x) does not exist\"}",
            OvhNotFoundException.class, ErrorCategory.NOT_FOUND, null, "Client::NotFound", "The requested object (cartId = x) does not exist"),
        Arguments.of(409, "{\"class\":\"Client::Conflict\",\"message\":\"already exists\"}",
            OvhConflictException.class, ErrorCategory.CONFLICT, null, "Client::Conflict", "already exists"),
        Arguments.of(460, "{\"class\":\"Client::Gone\",\"message\":\"expired\"}",
            OvhResourceExpiredException.class, ErrorCategory.CONFLICT, null, "Client::Gone", "expired"),
        Arguments.of(500, "{\"class\":\"Server::InternalServerError\",\"message\":\"boom\"}",
            OvhUnavailableException.class, ErrorCategory.UNAVAILABLE, null, "Server::InternalServerError", "boom"),
        Arguments.of(502, "<html>Bad Gateway</html>",
            OvhUnavailableException.class, ErrorCategory.UNAVAILABLE, null, null, "<html>Bad Gateway</html>"));
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @MethodSource("errors")
  @DisplayName("each OVH error shape maps to an uncloud exception carrying OVH's code, class, message and query id")
  void errorMapping(int status, String body, Class<? extends UncloudException> type, ErrorCategory category,
      String errorCode, String errorClass, String message) throws Exception {
    try (CaptureServer capture = new CaptureServer(c -> CaptureServer.Reply.json(status, body));
        OvhClient client = OvhClient.builder().endpoint("ovh-eu").transportOrigin(capture.origin())
            .applicationKey(Secret.of("AK")).getRetries(0, Duration.ZERO).build()) {
      assertThatThrownBy(() -> client.call("POST", "/order/cart", Json.createObjectBuilder().build(), false))
          .isInstanceOf(type)
          .satisfies(e -> {
            UncloudException u = (UncloudException) e;
            OvhErrorDetails d = ((OvhApiError) e).ovhError();
            assertThat(u.category()).isEqualTo(category);
            assertThat(d.httpStatus()).isEqualTo(status);
            assertThat(d.errorCode()).isEqualTo(errorCode);
            assertThat(d.errorClass()).isEqualTo(errorClass);
            assertThat(d.message()).isEqualTo(message);
            assertThat(d.queryId()).isEqualTo("EU.ext-3.capture.1");
            assertThat(u.getMessage()).contains("EU.ext-3.capture.1").contains("POST /order/cart");
          });
      assertThat(capture.captured()).hasSize(1);
    }
  }

  @Test
  @DisplayName("query strings are form-encoded and path segments are escaped")
  void encoding() {
    assertThat(OvhClient.query("/order/cart", Map.of("description", "a b&c"))).isEqualTo("/order/cart?description=a+b%26c");
    assertThat(OvhClient.path("/order/cart/{}/item/{}", "a/b c", 7)).isEqualTo("/order/cart/a%2Fb%20c/item/7");
  }
}
