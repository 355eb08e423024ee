package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FormParser")
class FormParserTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName("decodes '+', percent-escapes and UTF-8, keeping empty values and the order")
  void decodes() {
    assertThat(FormParser.parse(ascii("a=1&payment_comment=Geb%C3%BChr+f%C3%BCr+3D&empty=")))
        .containsExactly(java.util.Map.entry("a", "1"), java.util.Map.entry("payment_comment", "Gebühr für 3D"),
            java.util.Map.entry("empty", ""));
    assertThat(FormParser.parse(new byte[0])).isEmpty();
    assertThat(FormParser.parse("c=Gebühr".getBytes(StandardCharsets.UTF_8))).containsEntry("c", "Gebühr");
  }

  @Test
  @DisplayName("refuses broken escapes, invalid UTF-8, missing '=', empty names and pairs, and repeated names")
  void refuses() {
    String[][] cases = {
        {"a=%4", "malformed_form"}, {"a=%", "malformed_form"}, {"a=%zz", "malformed_form"},
        {"a=%FF", "invalid_utf8"}, {"a=%ED%A0%80", "invalid_utf8"}, {"a", "malformed_form"},
        {"=1", "malformed_form"}, {"a=1&", "malformed_form"}, {"&a=1", "malformed_form"},
        {"a=1&a=1", "duplicate_field"}, {"a=1&%61=2", "duplicate_field"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> FormParser.parse(ascii(c[0]))).as(c[0])
          .isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(c[1]);
          });
    }
  }
}
