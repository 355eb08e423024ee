package ch.uncloud.api;

/**
 * An order breaks a shop rule: a required membership is missing, the product's limit per account
 * is reached, or the order cannot be changed or cancelled any more. Error code {@code order_not_allowed}.
 */
public final class OrderNotAllowedException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which rule, and what to do
   */
  public OrderNotAllowedException(String message) {
    super(message, null);
  }

  @Override
  public String errorCode() {
    return "order_not_allowed";
  }
}
