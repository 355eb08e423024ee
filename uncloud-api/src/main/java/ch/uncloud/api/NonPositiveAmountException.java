package ch.uncloud.api;

/**  Error code {@code amount_not_positive}. */
public final class NonPositiveAmountException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public NonPositiveAmountException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public NonPositiveAmountException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "amount_not_positive";
  }
}
