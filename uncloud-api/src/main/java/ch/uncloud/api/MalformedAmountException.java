package ch.uncloud.api;

/**  Error code {@code malformed_amount}. */
public final class MalformedAmountException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public MalformedAmountException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public MalformedAmountException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "malformed_amount";
  }
}
