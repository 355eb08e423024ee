package ch.uncloud.api;

/**  Error code {@code not_permitted}. */
public final class NotPermittedException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public NotPermittedException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public NotPermittedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "not_permitted";
  }
}
