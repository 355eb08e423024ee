package ch.uncloud.api;

/**  Error code {@code too_many_decimals}. */
public final class TooManyDecimalsException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public TooManyDecimalsException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public TooManyDecimalsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "too_many_decimals";
  }
}
