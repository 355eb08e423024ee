package ch.uncloud.api;

/**
 * What kind of failure an {@link UncloudException} reports, and the HTTP status the REST gateway
 * answers with. Callers decide what to do from the category; the exception's
 * {@link UncloudException#errorCode() error code} says exactly what went wrong.
 */
public enum ErrorCategory {
  /** The request itself is wrong (bad amount, missing field, ...); do not retry it unchanged. */
  INVALID_REQUEST(400),
  /** The admin or user credentials were not accepted. */
  BAD_CREDENTIALS(401),
  /** A card payment failed; the user must act (another card, authentication). */
  PAYMENT_FAILED(402),
  /** The caller is known but may not do this (for example: not an owner of the service). */
  FORBIDDEN(403),
  /** A named user, service, charge or other object does not exist. */
  NOT_FOUND(404),
  /** The request collides with earlier state (idempotency key reuse, double storno). */
  CONFLICT(409),
  /** The system is misconfigured; an operator must fix it. */
  CONFIGURATION(500),
  /** A backing system (directory, database, payment provider) is unavailable; retrying may help. */
  UNAVAILABLE(503);

  private final int httpStatus;

  ErrorCategory(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /**
   * @return the HTTP status code the REST gateway uses for this category
   */
  public int httpStatus() {
    return httpStatus;
  }
}
