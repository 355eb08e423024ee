package ch.uncloud.api;

/**  Error code {@code configuration}. */
public final class ConfigurationException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public ConfigurationException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFIGURATION;
  }

  @Override
  public String errorCode() {
    return "configuration";
  }
}
