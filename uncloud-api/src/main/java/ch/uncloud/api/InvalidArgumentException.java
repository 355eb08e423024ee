package ch.uncloud.api;

/**  Error code {@code invalid_argument}. */
public final class InvalidArgumentException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public InvalidArgumentException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "invalid_argument";
  }
}
