package ch.uncloud.api;

/**  Error code {@code not_service_owner}. */
public final class NotServiceOwnerException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public NotServiceOwnerException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public NotServiceOwnerException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "not_service_owner";
  }
}
