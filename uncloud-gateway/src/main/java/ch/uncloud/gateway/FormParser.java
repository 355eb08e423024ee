package ch.uncloud.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} bytes strictly: every pair is {@code NAME=VALUE},
 * {@code +} is a space, {@code %HH} must be two hex digits, the decoded bytes must be valid UTF-8,
 * and no name may appear twice. Anything else is a {@link GatewayError} (400); nothing is guessed.
 */
final class FormParser {
  private FormParser() {}

  /**
   * @param bytes the encoded form (a request body, or a query string's bytes)
   * @return the fields in the order given
   * @throws GatewayError if the form is malformed or a name repeats
   */
  static Map<String, String> parse(byte[] bytes) {
    Map<String, String> fields = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '&') {
        if (i == start) {
          if (bytes.length == 0) {
            break;
          }
          throw GatewayError.badRequest("malformed_form", "the form has an empty field (two '&' in a row, or one at "
              + "the start or end); send NAME=VALUE pairs joined by '&'");
        }
        addPair(fields, bytes, start, i);
        start = i + 1;
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  private static void addPair(Map<String, String> fields, byte[] bytes, int from, int to) {
    int eq = -1;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '=') {
        eq = i;
        break;
      }
    }
    if (eq < 0) {
      throw GatewayError.badRequest("malformed_form", "the field '" + Texts.shown(decode(bytes, from, to))
          + "' has no '='; send NAME=VALUE");
    }
    String name = decode(bytes, from, eq);
    if (name.isEmpty()) {
      throw GatewayError.badRequest("malformed_form", "a field has an empty name; send NAME=VALUE");
    }
    String value = decode(bytes, eq + 1, to);
    if (fields.putIfAbsent(name, value) != null) {
      throw GatewayError.badRequest("duplicate_field", "the field " + Texts.shown(name)
          + " is given more than once; send each field once");
    }
  }

  private static String decode(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out[n++] = ' ';
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw brokenEscape();
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw brokenEscape();
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw GatewayError.badRequest("invalid_utf8", "the form is not valid UTF-8 after percent-decoding; "
          + "encode text as UTF-8");
    }
  }

  private static GatewayError brokenEscape() {
    return GatewayError.badRequest("malformed_form", "the form has a broken percent-escape; '%' must be followed "
        + "by two hex digits (write a literal % as %25)");
  }
}
