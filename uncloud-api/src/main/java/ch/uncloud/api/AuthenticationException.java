package ch.uncloud.api;

/** Credentials were not accepted (HTTP 401). */
public abstract class AuthenticationException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.BAD_CREDENTIALS;
  }
}
