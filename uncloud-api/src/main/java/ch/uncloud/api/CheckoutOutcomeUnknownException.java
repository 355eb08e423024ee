package ch.uncloud.api;

/**
 * Error code {@code checkout_outcome_unknown}: a server order's checkout was sent, but whether the
 * provider created the sales order is unknown (the answer was lost, or the process stopped while
 * sending). uncloud never sends such a checkout again; an operator must look the order up at the
 * provider. Not retryable.
 */
public final class CheckoutOutcomeUnknownException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public CheckoutOutcomeUnknownException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CheckoutOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "checkout_outcome_unknown";
  }
}
