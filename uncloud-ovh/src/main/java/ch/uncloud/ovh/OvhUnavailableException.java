package ch.uncloud.ovh;

import ch.uncloud.api.ProviderUnavailableException;
import java.util.Objects;

/**
 * Error code {@code ovh_unavailable}: OVH answered with a server error (5xx) or an unreadable body,
 * or did not answer in time, or could not be reached. Retryable for reads; for a write,
 * {@link #mayHaveBeenProcessed()} says whether OVH may have acted on it anyway.
 */
public final class OvhUnavailableException extends ProviderUnavailableException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;
  /** Whether the request may have reached OVH and been acted on. */
  private final boolean mayHaveBeenProcessed;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said (HTTP status 0 if nothing arrived)
   * @param mayHaveBeenProcessed whether the request may have reached OVH and been acted on
   * @param cause the underlying failure, or {@code null}
   */
  public OvhUnavailableException(String message, OvhErrorDetails details, boolean mayHaveBeenProcessed,
      Throwable cause) {
    super("ovh_unavailable", message, cause);
    this.details = Objects.requireNonNull(details, "details");
    this.mayHaveBeenProcessed = mayHaveBeenProcessed;
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

  /**
   * @return {@code false} only when the request certainly did not reach OVH (connection refused or
   *     connect timeout); {@code true} after a response timeout, a broken connection or a 5xx
   */
  public boolean mayHaveBeenProcessed() {
    return mayHaveBeenProcessed;
  }

}
