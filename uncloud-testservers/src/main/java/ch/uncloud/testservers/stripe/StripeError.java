package ch.uncloud.testservers.stripe;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answer in Stripe's shape: an HTTP status and {@code {"error": {...}}}. */
final class StripeError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final transient Map<String, Object> error;
  /** Whether Stripe keeps the answer for idempotent replay (it does once the endpoint ran). */
  final boolean replayable;

  private StripeError(int status, Map<String, Object> error, boolean replayable) {
    super((String) error.get("message"), null, false, false);
    this.status = status;
    this.error = error;
    this.replayable = replayable;
  }

  static StripeError invalid(String message, String param) {
    return invalid(400, null, message, param);
  }

  static StripeError invalid(int status, String code, String message, String param) {
    Map<String, Object> e = new LinkedHashMap<>();
    if (code != null) {
      e.put("code", code);
      e.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    e.put("message", message);
    if (param != null) {
      e.put("param", param);
    }
    e.put("type", "invalid_request_error");
    return new StripeError(status, e, false);
  }

  static StripeError missing(String what, String id, String param) {
    return invalid(404, "resource_missing", "No such " + what + ": '" + id + "'", param);
  }

  static StripeError card(TestCard.Outcome outcome, Map<String, Object> extra) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", outcome.code());
    e.put("decline_code", outcome.declineCode());
    e.put("doc_url", "https://stripe.com/docs/error-codes/" + outcome.code().replace('_', '-'));
    e.put("message", outcome.message());
    e.putAll(extra);
    e.put("type", "card_error");
    return new StripeError(402, e, true);
  }

  static StripeError of(int status, Map<String, Object> error) {
    return new StripeError(status, error, false);
  }

  /**
   * @param requestLogUrl where Stripe's dashboard shows the request, named by every Stripe error
   * @return {@code {"error": {...}}}
   */
  Map<String, Object> body(String requestLogUrl) {
    Map<String, Object> e = new LinkedHashMap<>(error);
    e.put("request_log_url", requestLogUrl);
    return Map.of("error", e);
  }
}
