package ch.uncloud.api;

/**  Error code {@code provider_unavailable}. */
public final class ProviderUnavailableException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public ProviderUnavailableException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public ProviderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.UNAVAILABLE;
  }

  @Override
  public String errorCode() {
    return "provider_unavailable";
  }
}
