package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OvhClient on the wire")
class OvhClientWireTest {
  private static final JsonObject FLOW = TestResources.json("ovh-python-ovh-cart-flow-vectors.json");
  private static final Set<String> OVH_HEADERS =
      Set.of("x-ovh-application", "x-ovh-consumer", "x-ovh-timestamp", "x-ovh-signature", "content-type");

  @Test
  @DisplayName("reproduces, with a frozen clock, every request OVH's Python client sends for a cart flow, byte for byte")
  void reproducesPythonCartFlow() throws Exception {
    // python-ovh ran with time.time() = 1457018875.467238 and /auth/time answering 1457018881
    Clock frozen = Clock.fixed(Instant.ofEpochSecond(1457018875L, 467_238_000L), ZoneOffset.UTC);
    try (CaptureServer capture = new CaptureServer(c -> c.rawUri().endsWith("/auth/time")
        ? CaptureServer.Reply.json(200, "1457018881") : CaptureServer.Reply.json(200, "{}"));
        OvhClient client = OvhClient.builder().endpoint("ovh-eu").transportOrigin(capture.origin())
            .applicationKey(Secret.of(FLOW.getString("application_key")))
            .applicationSecret(Secret.of(FLOW.getString("application_secret")))
            .consumerKey(Secret.of(FLOW.getString("consumer_key")))
            .clock(frozen).build()) {
      client.getUnsigned(OvhClient.query("/order/catalog/formatted/dedicated", Map.of("ovhSubsidiary", "FR")));
      client.call("POST", "/order/cart", object(Map.of("ovhSubsidiary", "FR"), "description", "uncloud test"), false);
      client.post("/order/cart", object(Map.of("ovhSubsidiary", "FR")));
      client.post(OvhClient.path("/order/cart/{}/dedicated", "abc123"), Json.createObjectBuilder()
          .add("duration", "P1M").add("planCode", "24ska01").add("pricingMode", "default").add("quantity", 1).build());
      client.get(OvhClient.path("/order/cart/{}/item", "abc123"));
      client.get(OvhClient.path("/order/cart/{}/item/{}/requiredConfiguration", "abc123", 42));
      client.post(OvhClient.path("/order/cart/{}/item/{}/configuration", "abc123", 42),
          Json.createObjectBuilder().add("label", "dedicated_datacenter").add("value", "gra").build());
      client.post(OvhClient.path("/order/cart/{}/assign", "abc123"), null);
      client.get(OvhClient.path("/order/cart/{}/checkout", "abc123"));
      client.post(OvhClient.path("/order/cart/{}/checkout", "abc123"), Json.createObjectBuilder()
          .add("waiveRetractationPeriod", true).add("autoPayWithPreferredPaymentMethod", false).build());
      Map<String, String> q = new LinkedHashMap<>();
      q.put("description", "a b&c");
      client.get(OvhClient.query("/order/cart", q));
      client.put(OvhClient.path("/order/cart/{}", "abc123"), object(Map.of("description", "x")));
      client.delete(OvhClient.path("/order/cart/{}", "abc123"));

      List<CaptureServer.Captured> sent = capture.captured();
      List<JsonObject> expected = FLOW.getJsonArray("calls").getValuesAs(JsonObject.class);
      assertThat(sent).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        JsonObject want = expected.get(i);
        CaptureServer.Captured got = sent.get(i);
        String label = "call " + i + " " + want.getString("method") + " " + want.getString("url");
        assertThat(got.method()).as(label).isEqualTo(want.getString("method"));
        assertThat("https://eu.api.ovh.com" + got.rawUri()).as(label).isEqualTo(want.getString("url"));
        assertThat(got.body()).as(label).isEqualTo(want.getString("body"));
        Map<String, String> wantHeaders = new LinkedHashMap<>();
        want.getJsonObject("headers").forEach((k, v) -> wantHeaders.put(k.toLowerCase(java.util.Locale.ROOT),
            ((jakarta.json.JsonString) v).getString()));
        for (String header : OVH_HEADERS) {
          assertThat(got.headers().get(header)).as(label + " header " + header).isEqualTo(wantHeaders.get(header));
        }
      }
    }
  }

  private static JsonObject object(Map<String, String> first, String... more) {
    var b = Json.createObjectBuilder();
    first.forEach(b::add);
    for (int i = 0; i < more.length; i += 2) {
      b.add(more[i], more[i + 1]);
    }
    return b.build();
  }

  @Test
  @DisplayName("the time offset is learned once, from the unsigned GET /auth/time, and added to the local clock")
  void learnsTimeOnce() throws Exception {
    Clock frozen = Clock.fixed(Instant.ofEpochSecond(1457018875L, 467_238_000L), ZoneOffset.UTC);
    try (CaptureServer capture = new CaptureServer(c -> c.rawUri().endsWith("/auth/time")
        ? CaptureServer.Reply.json(200, "1457018881") : CaptureServer.Reply.json(200, "null"));
        OvhClient client = OvhClient.builder().endpoint("ovh-eu").transportOrigin(capture.origin())
            .applicationKey(Secret.of("AK")).applicationSecret(Secret.of("AS")).consumerKey(Secret.of("CK"))
            .clock(frozen).build()) {
      assertThat(client.get("/order/cart")).isEqualTo(JsonValue.NULL);
      client.get("/order/cart");
      List<CaptureServer.Captured> sent = capture.captured();
      assertThat(sent).extracting(CaptureServer.Captured::rawUri)
          .containsExactly("/1.0/auth/time", "/1.0/order/cart", "/1.0/order/cart");
      assertThat(sent.get(0).headers()).doesNotContainKeys("X-Ovh-Signature", "X-Ovh-Consumer");
      assertThat(sent.get(2).headers().get("X-Ovh-Timestamp")).isEqualTo("1457018881");
      assertThat(client.timeDelta()).isEqualTo(6);
    }
  }
}
