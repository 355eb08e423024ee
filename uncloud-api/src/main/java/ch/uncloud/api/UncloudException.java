package ch.uncloud.api;

/**
 * Root of every exception uncloud throws. Unchecked; each subclass names one thing that went wrong
 * in terms a caller can act on and carries a stable, machine-readable {@link #errorCode()}.
 *
 * <p>Messages never contain secrets (passwords, API keys, client secrets).
 */
public abstract class UncloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and, where possible, what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected UncloudException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @return a stable code such as {@code amount_above_maximum}; never changes between releases
   */
  public abstract String errorCode();

  /**
   * @return the kind of failure, which also fixes the REST gateway's HTTP status
   */
  public abstract ErrorCategory category();

  /**
   * @return whether retrying the same call later may succeed
   */
  public boolean isRetryable() {
    return category() == ErrorCategory.UNAVAILABLE;
  }
}
