package ch.uncloud.api;

/**  Error code {@code currency_mismatch}. */
public final class CurrencyMismatchException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public CurrencyMismatchException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CurrencyMismatchException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "currency_mismatch";
  }
}
