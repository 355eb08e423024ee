package ch.uncloud.api;

/** The request is malformed or breaks a rule; retrying it unchanged fails again (HTTP 400). */
public abstract class InvalidRequestException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.INVALID_REQUEST;
  }
}
