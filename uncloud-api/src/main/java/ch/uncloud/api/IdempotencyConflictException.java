package ch.uncloud.api;

/**  Error code {@code idempotency_conflict}. */
public final class IdempotencyConflictException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public IdempotencyConflictException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public IdempotencyConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "idempotency_conflict";
  }
}
