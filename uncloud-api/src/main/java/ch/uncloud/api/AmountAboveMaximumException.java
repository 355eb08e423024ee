package ch.uncloud.api;

/**  Error code {@code amount_above_maximum}. */
public final class AmountAboveMaximumException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public AmountAboveMaximumException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public AmountAboveMaximumException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "amount_above_maximum";
  }
}
