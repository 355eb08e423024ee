package ch.uncloud.ovh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * OVH's request signature: {@code "$1$" + hex(SHA-1(AS + "+" + CK + "+" + METHOD + "+" + URL + "+"
 * + BODY + "+" + TIMESTAMP))}, lower-case hex. Stateless and thread-safe.
 */
public final class OvhSignature {
  private OvhSignature() {}

  /**
   * @param applicationSecret the application secret
   * @param consumerKey the consumer key
   * @param method the HTTP method, upper case
   * @param fullUrl the full URL exactly as sent, query included
   * @param body the exact body sent, or the empty string
   * @param timestamp the {@code X-Ovh-Timestamp} value
   * @return the {@code X-Ovh-Signature} value
   */
  public static String sign(String applicationSecret, String consumerKey, String method, String fullUrl,
      String body, long timestamp) {
    String toSign = applicationSecret + "+" + consumerKey + "+" + method + "+" + fullUrl + "+" + body + "+" + timestamp;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(toSign.getBytes(StandardCharsets.UTF_8));
      return "$1$" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  /**
   * Compares two signatures in time independent of where they differ.
   *
   * @param expected the signature computed locally
   * @param received the signature received
   * @return whether they are equal
   */
  public static boolean matches(String expected, String received) {
    if (received == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
  }
}
