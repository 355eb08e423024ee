package ch.uncloud.api;

/**
 * The request is malformed or breaks a rule; retrying it unchanged fails again (HTTP 400). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class InvalidRequestException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code invalid_argument}
   * @param message what went wrong and what to do next
   */
  public InvalidRequestException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code invalid_argument}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public InvalidRequestException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.INVALID_REQUEST;
  }
}
