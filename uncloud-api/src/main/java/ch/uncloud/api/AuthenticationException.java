package ch.uncloud.api;

/**
 * Credentials were missing, wrong or expired (HTTP 401). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class AuthenticationException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code session_expired}
   * @param message what went wrong and what to do next
   */
  public AuthenticationException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code session_expired}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public AuthenticationException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.BAD_CREDENTIALS;
  }
}
