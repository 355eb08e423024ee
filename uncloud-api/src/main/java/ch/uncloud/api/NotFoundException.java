package ch.uncloud.api;

/** A named user, service, charge or other object does not exist (HTTP 404). */
public abstract class NotFoundException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.NOT_FOUND;
  }
}
