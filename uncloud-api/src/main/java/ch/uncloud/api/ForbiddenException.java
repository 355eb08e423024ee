package ch.uncloud.api;

/**
 * The caller is known but may not do this, for example an admin who does not own the service (HTTP 403). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class ForbiddenException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code not_service_owner}
   * @param message what went wrong and what to do next
   */
  public ForbiddenException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code not_service_owner}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ForbiddenException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.FORBIDDEN;
  }
}
