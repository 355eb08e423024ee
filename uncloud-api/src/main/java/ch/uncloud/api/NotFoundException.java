package ch.uncloud.api;

/**
 * A named user, service, charge, order or other object does not exist, or is not the caller's to see (HTTP 404). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class NotFoundException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code unknown_user}
   * @param message what went wrong and what to do next
   */
  public NotFoundException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code unknown_user}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public NotFoundException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.NOT_FOUND;
  }
}
