package ch.uncloud.api;

/** No order with that id exists for the account. Error code {@code unknown_order}. */
public final class UnknownOrderException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong
   */
  public UnknownOrderException(String message) {
    super(message, null);
  }

  @Override
  public String errorCode() {
    return "unknown_order";
  }
}
