package ch.uncloud.api;

/** The caller is authenticated but may not do this (HTTP 403). */
public abstract class ForbiddenException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected ForbiddenException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.FORBIDDEN;
  }
}
