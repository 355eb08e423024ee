package ch.uncloud.api.events;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook deliveries the way Stripe signs its own, so receivers can reuse
 * well-known verification code. Each delivery carries the header {@value #HEADER}:
 * <pre>{@code Uncloud-Signature: t=1714731330,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd}</pre>
 * where {@code t} is the time of signing in Unix seconds and {@code v1} the lower-case hex
 * HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes), of {@code t + "." + body}
 * (the body's exact bytes). A header may carry several {@code v1} values (while a secret is being
 * rotated); one matching is enough. Unknown keys are ignored.
 *
 * <p>A receiver verifies before it parses the body, and refuses a signature older (or further in the
 * future) than a tolerance, five minutes by default, so a captured delivery cannot be replayed
 * later. The comparison takes the same time wherever the values differ. Thread-safe; no state.
 */
public final class WebhookSignature {
  /** The header's name. */
  public static final String HEADER = "Uncloud-Signature";
  /** The default tolerance between the signature's time and the receiver's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /**
   * Signs a body.
   *
   * @param secret the subscription's secret
   * @param signedAt the time of signing (its Unix seconds are used)
   * @param body the exact bytes that are sent
   * @return the header's value, {@code t=...,v1=...}
   */
  public static String sign(Secret secret, Instant signedAt, byte[] body) {
    long t = signedAt.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
  }

  /**
   * Checks a delivery's signature; see the class description.
   *
   * @param header the {@value #HEADER} header as received, or {@code null} if it was missing
   * @param body the body's exact bytes as received
   * @param secret the subscription's secret
   * @param tolerance how far the signature's time may be from {@code now}
   * @param now the receiver's clock
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the header is missing or
   *     malformed, no {@code v1} matches, or the time is outside the tolerance; the message says
   *     which, never the expected value
   */
  public static void verify(String header, byte[] body, Secret secret, Duration tolerance, Instant now) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(now, "now");
    if (header == null || header.isBlank()) {
      throw invalid("the " + HEADER + " header is missing");
    }
    Long t = null;
    java.util.List<byte[]> candidates = new java.util.ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw invalid("the " + HEADER + " header is malformed");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        try {
          t = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw invalid("the " + HEADER + " header's time is not a number");
        }
      } else if (key.equals("v1") && value.length() == 64) {
        try {
          candidates.add(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException ignored) {
          // not hex: cannot match
        }
      }
    }
    if (t == null) {
      throw invalid("the " + HEADER + " header has no time (t=)");
    }
    if (candidates.isEmpty()) {
      throw invalid("the " + HEADER + " header has no v1 signature");
    }
    byte[] expected = hmac(secret, t, body);
    boolean match = false;
    for (byte[] candidate : candidates) {
      match |= MessageDigest.isEqual(expected, candidate);
    }
    if (!match) {
      throw invalid("no v1 signature matches the body; check the subscription's secret and that the body is "
          + "verified exactly as received");
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
      throw invalid("the signature's time is outside the tolerance of " + tolerance.toSeconds() + " s; "
          + "check the clocks, or this is a replayed delivery");
    }
  }

  /**
   * {@link #verify(String, byte[], Secret, Duration, Instant)} of a body that is text, encoded as UTF-8.
   *
   * @param header the {@value #HEADER} header as received, or {@code null}
   * @param body the body as received
   * @param secret the subscription's secret
   * @param tolerance how far the signature's time may be from {@code now}
   * @param now the receiver's clock
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the signature is not valid
   */
  public static void verify(String header, String body, Secret secret, Duration tolerance, Instant now) {
    verify(header, body.getBytes(StandardCharsets.UTF_8), secret, tolerance, now);
  }

  /**
   * Verifies with the default tolerance and the system clock, then reads the event.
   *
   * @param header the {@value #HEADER} header as received, or {@code null}
   * @param body the body as received
   * @param secret the subscription's secret
   * @return the delivered event
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the signature is not
   *     valid; ({@code invalid_argument}) if the signed body is not an event
   */
  public static Event verifiedEvent(String header, String body, Secret secret) {
    verify(header, body, secret, DEFAULT_TOLERANCE, Instant.now());
    return Event.fromJson(body);
  }

  private static byte[] hmac(Secret secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static InvalidRequestException invalid(String why) {
    return new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "webhook not verified: " + why);
  }
}
