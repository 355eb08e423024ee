package ch.uncloud.gateway;

import java.util.Map;

/**
 * A request the gateway refuses before it reaches the credit service (malformed form, wrong
 * content type, oversized body, too many failed logins). Carries the HTTP status, the stable error
 * code and extra response headers. Has no stack trace: it is an answer, not a bug.
 */
final class GatewayError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  GatewayError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  GatewayError(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  static GatewayError badRequest(String code, String message) {
    return new GatewayError(400, code, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
