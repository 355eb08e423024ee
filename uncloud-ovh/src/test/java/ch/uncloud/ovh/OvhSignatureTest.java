package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("OVH request signature")
class OvhSignatureTest {
  private static final JsonObject VECTORS = TestResources.json("ovh-signature-test-vectors.json");

  static Stream<Arguments> vectors() {
    return VECTORS.getJsonArray("vectors").stream().map(JsonValue::asJsonObject)
        .map(v -> Arguments.of(v.getString("method") + " " + v.getString("url"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("matches the signatures of OVH's Go and Python clients")
  void matchesClientVectors(String name, JsonObject v) {
    String signature = OvhSignature.sign(VECTORS.getString("application_secret"), VECTORS.getString("consumer_key"),
        v.getString("method"), v.getString("url"), v.getString("body"), VECTORS.getJsonNumber("timestamp").longValue());
    assertThat(signature).isEqualTo(v.getJsonObject("headers").getString("X-Ovh-Signature"));
  }

  @Test
  @DisplayName("matches the example of OVH's first-steps guide")
  void matchesGuideVector() {
    JsonObject g = VECTORS.getJsonObject("ovh_docs_guide_vector");
    assertThat(OvhSignature.sign(g.getString("application_secret"), g.getString("consumer_key"), g.getString("method"),
        g.getString("url"), g.getString("body"), g.getJsonNumber("timestamp").longValue()))
        .isEqualTo(g.getString("X-Ovh-Signature"));
  }

  @Test
  @DisplayName("a /v1/ or /v2/ path replaces the endpoint's /1.0 suffix in the signed URL")
  void versionInPath() {
    OvhEndpoint eu = OvhEndpoint.of("ovh-eu");
    assertThat(eu.url("/call")).isEqualTo("https://eu.api.ovh.com/1.0/call");
    assertThat(eu.url("/v1/call")).isEqualTo("https://eu.api.ovh.com/v1/call");
    assertThat(eu.url("/v2/call")).isEqualTo("https://eu.api.ovh.com/v2/call");
  }

  @Test
  @DisplayName("comparison accepts only the identical signature")
  void matchesOnlyIdentical() {
    assertThat(OvhSignature.matches("$1$abc", "$1$abc")).isTrue();
    assertThat(OvhSignature.matches("$1$abc", "$1$abd")).isFalse();
    assertThat(OvhSignature.matches("$1$abc", null)).isFalse();
  }

  @Test
  @DisplayName("the seven named endpoints resolve to OVH's base URLs, and anything else is refused")
  void endpoints() {
    assertThat(OvhEndpoint.names()).containsExactly("ovh-eu", "ovh-ca", "ovh-us", "kimsufi-eu", "kimsufi-ca",
        "soyoustart-eu", "soyoustart-ca");
    assertThat(OvhEndpoint.of("ovh-us").baseUrl()).isEqualTo("https://api.us.ovhcloud.com/1.0");
    assertThat(OvhEndpoint.of("soyoustart-ca").baseUrl()).isEqualTo("https://ca.api.soyoustart.com/1.0");
    assertThat(OvhEndpoint.of("http://127.0.0.1:9/1.0/").baseUrl()).isEqualTo("http://127.0.0.1:9/1.0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OvhEndpoint.of("ovh-mars"))
        .isInstanceOf(ch.uncloud.api.ConfigurationException.class).hasMessageContaining("ovh-eu");
  }

  @Test
  @DisplayName("the signed URL leaves out an explicit port, as node-ovh 3.0.0 signs and the OVH test server verifies")
  void signedUrlWithoutPort() {
    assertThat(OvhEndpoint.of("https://127.0.0.1:8443/1.0").signedUrl("/order/cart?description=a%20b"))
        .isEqualTo("https://127.0.0.1/1.0/order/cart?description=a%20b");
    assertThat(OvhEndpoint.of("ovh-eu").signedUrl("/auth")).isEqualTo("https://eu.api.ovh.com/1.0/auth");
  }
}
