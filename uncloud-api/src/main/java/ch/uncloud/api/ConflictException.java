package ch.uncloud.api;

/** The request collides with state that already exists (HTTP 409). */
public abstract class ConflictException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}
