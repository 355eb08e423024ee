package ch.uncloud.api;

/** Error code {@code unknown_server_order}: no server order has this id. */
public final class UnknownServerOrderException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public UnknownServerOrderException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownServerOrderException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_server_order";
  }
}
