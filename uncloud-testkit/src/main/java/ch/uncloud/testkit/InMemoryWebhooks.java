package ch.uncloud.testkit;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.payments.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook side of {@link InMemoryPaymentGateway}: the events it emits, their signed deliveries
 * (header {@value #SIGNATURE_HEADER}: hex HMAC-SHA256 of the body under the signing secret) and the
 * check of a delivery. Not thread-safe; the gateway calls it under its own lock.
 */
final class InMemoryWebhooks {
  /** The header carrying a delivery's signature. */
  static final String SIGNATURE_HEADER = "Uncloud-Test-Signature";

  /** A delivery's body: JSON, as a provider sends it, {@code {"id":"evt_mem_1","type":"payment_intent.succeeded"}}. */
  private static final Pattern DELIVERY = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"type\":\"([^\"]+)\"}");

  private final Map<String, PaymentEvent> events = new LinkedHashMap<>();
  private String signingSecret;

  void signWith(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook signing secret must not be empty");
    }
    this.signingSecret = secret;
  }

  boolean enabled() {
    return signingSecret != null;
  }

  /** Records an event; events are emitted whether or not webhooks are received. */
  void emit(PaymentEvent event) {
    events.put(event.id(), event);
  }

  List<PaymentEvent> events() {
    return List.copyOf(events.values());
  }

  String nextId() {
    return "evt_mem_" + (events.size() + 1);
  }

  InMemoryPaymentGateway.WebhookDelivery delivery(String eventId, String secret) {
    PaymentEvent event = events.get(eventId);
    if (event == null) {
      throw new IllegalArgumentException("no event " + eventId + "; events() lists them");
    }
    String payload = "{\"id\":\"" + event.id() + "\",\"type\":\"" + event.providerType() + "\"}";
    return new InMemoryPaymentGateway.WebhookDelivery(payload, Map.of(SIGNATURE_HEADER, sign(payload, secret)));
  }

  String signingSecret() {
    if (signingSecret == null) {
      throw new IllegalStateException("the gateway has no webhook signing secret; call receiveWebhooksSignedWith first");
    }
    return signingSecret;
  }

  PaymentEvent verify(String payload, Map<String, String> headers) {
    if (signingSecret == null) {
      throw new ConfigurationException("the in-memory payment gateway receives no webhooks: call "
          + "receiveWebhooksSignedWith(secret) on it first");
    }
    String signature = header(headers);
    if (payload == null || signature == null
        || !MessageDigest.isEqual(sign(payload, signingSecret).getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "the webhook call's signature is "
          + "missing or does not match; it was not applied. Only the payment provider may call this endpoint.");
    }
    Matcher body = DELIVERY.matcher(payload);
    if (!body.matches()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the webhook body is not an event of this gateway");
    }
    PaymentEvent event = events.get(body.group(1));
    return event != null ? event : PaymentEvent.other(body.group(1), body.group(2));
  }

  private static String header(Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(SIGNATURE_HEADER))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static String sign(String payload, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
