package ch.uncloud.api;

/**
 * The request collides with earlier state: an idempotency key reused for another request, a double storno, a name already taken (HTTP 409). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class ConflictException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code idempotency_conflict}
   * @param message what went wrong and what to do next
   */
  public ConflictException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code idempotency_conflict}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ConflictException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}
