package ch.uncloud.api;

/**  Error code {@code not_reversible}. */
public final class NotReversibleException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public NotReversibleException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public NotReversibleException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "not_reversible";
  }
}
