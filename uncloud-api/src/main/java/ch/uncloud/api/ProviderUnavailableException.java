package ch.uncloud.api;

/**
 * A backing system (directory, database, payment provider, cluster) is unavailable or too slow; retrying later may help (HTTP 503). The {@link #errorCode()} is {@code provider_unavailable} unless a more specific code is given (see
 * {@link ErrorCodes}).
 */
public class ProviderUnavailableException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public ProviderUnavailableException(String message) {
    this(ErrorCodes.PROVIDER_UNAVAILABLE, message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ProviderUnavailableException(String message, Throwable cause) {
    this(ErrorCodes.PROVIDER_UNAVAILABLE, message, cause);
  }

  /**
   * @param errorCode the stable code
   * @param message what went wrong and what to do next
   */
  public ProviderUnavailableException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ProviderUnavailableException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.UNAVAILABLE;
  }
}
