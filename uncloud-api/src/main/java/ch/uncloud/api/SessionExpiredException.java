package ch.uncloud.api;

/**  Error code {@code session_expired}. */
public final class SessionExpiredException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public SessionExpiredException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public SessionExpiredException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "session_expired";
  }
}
