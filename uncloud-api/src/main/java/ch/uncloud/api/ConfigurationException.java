package ch.uncloud.api;

/**
 * uncloud is misconfigured, or a provider refuses uncloud's own credentials; an operator must fix it (HTTP 500). The {@link #errorCode()} is {@code configuration} unless a more specific code is given (see
 * {@link ErrorCodes}).
 */
public class ConfigurationException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public ConfigurationException(String message) {
    this(ErrorCodes.CONFIGURATION, message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ConfigurationException(String message, Throwable cause) {
    this(ErrorCodes.CONFIGURATION, message, cause);
  }

  /**
   * @param errorCode the stable code
   * @param message what went wrong and what to do next
   */
  public ConfigurationException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public ConfigurationException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.CONFIGURATION;
  }
}
