package ch.uncloud.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final Secret SECRET = Secret.of("whsec_test");
  private static final Instant NOW = Instant.ofEpochSecond(1_714_731_330);
  private static final String BODY = "{\"id\":\"evt_1\"}";

  @Test
  void theHeaderIsStripesSchemeComputedIndependently() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("whsec_test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(("1714731330." + BODY).getBytes(StandardCharsets.UTF_8)));
    assertThat(WebhookSignature.sign(SECRET, NOW, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("t=1714731330,v1=" + expected);
  }

  @Test
  void aFreshSignatureOfTheExactBodyVerifies() {
    String header = WebhookSignature.sign(SECRET, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    assertThatCode(() -> WebhookSignature.verify(header, BODY, SECRET, Duration.ofMinutes(5), NOW.plusSeconds(299)))
        .doesNotThrowAnyException();
  }

  @Test
  void oneMatchingSignatureAmongSeveralIsEnough() {
    String header = WebhookSignature.sign(SECRET, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    String rotated = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + "," + header.substring(header.indexOf("v1="))
        + ",v0=ignored";
    assertThatCode(() -> WebhookSignature.verify(rotated, BODY, SECRET, Duration.ofMinutes(5), NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void aChangedBodyAnotherSecretAnOldTimeOrABrokenHeaderAreRefused() {
    String header = WebhookSignature.sign(SECRET, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    Duration fiveMinutes = Duration.ofMinutes(5);
    assertRefused(() -> WebhookSignature.verify(header, BODY + " ", SECRET, fiveMinutes, NOW), "no v1 signature matches");
    assertRefused(() -> WebhookSignature.verify(header, BODY, Secret.of("other"), fiveMinutes, NOW), "no v1 signature matches");
    assertRefused(() -> WebhookSignature.verify(header, BODY, SECRET, fiveMinutes, NOW.plusSeconds(301)), "tolerance");
    assertRefused(() -> WebhookSignature.verify(header, BODY, SECRET, fiveMinutes, NOW.minusSeconds(301)), "tolerance");
    assertRefused(() -> WebhookSignature.verify(null, BODY, SECRET, fiveMinutes, NOW), "missing");
    assertRefused(() -> WebhookSignature.verify("garbage", BODY, SECRET, fiveMinutes, NOW), "malformed");
    assertRefused(() -> WebhookSignature.verify("t=x,v1=" + "0".repeat(64), BODY, SECRET, fiveMinutes, NOW), "not a number");
    assertRefused(() -> WebhookSignature.verify("t=1714731330", BODY, SECRET, fiveMinutes, NOW), "no v1");
    // a time moved forward with the old signature does not verify: t is signed too
    String shifted = header.replace("t=1714731330", "t=1714731400");
    assertRefused(() -> WebhookSignature.verify(shifted, BODY, SECRET, fiveMinutes, NOW), "no v1 signature matches");
  }

  @Test
  void theVerifiedEventIsReadFromTheBody() {
    Event event = new Event(EventId.of("evt_1"), EventType.CARD_REGISTERED, Instant.now(),
        ch.uncloud.api.Username.of("bob"), java.util.Map.of("provider", "stripe", "setup", "seti_1"));
    String header = WebhookSignature.sign(SECRET, Instant.now(), event.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(WebhookSignature.verifiedEvent(header, event.toJson(), SECRET)).isEqualTo(event);
  }

  @Test
  void refusalsNeverShowTheExpectedSignatureOrTheSecret() {
    String header = WebhookSignature.sign(SECRET, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    String expected = header.substring(header.indexOf("v1=") + 3);
    assertThatThrownBy(() -> WebhookSignature.verify("t=1714731330,v1=" + "1".repeat(64), BODY, SECRET,
        Duration.ofMinutes(5), NOW)).message().doesNotContain(expected).doesNotContain("whsec_test");
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.WEBHOOK_SIGNATURE_INVALID)).hasMessageContaining(why);
  }
}
