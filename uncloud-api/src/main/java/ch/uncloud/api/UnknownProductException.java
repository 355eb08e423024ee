package ch.uncloud.api;

/** No product with that code is in the catalog. Error code {@code unknown_product}. */
public final class UnknownProductException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public UnknownProductException(String message) {
    super(message, null);
  }

  @Override
  public String errorCode() {
    return "unknown_product";
  }
}
