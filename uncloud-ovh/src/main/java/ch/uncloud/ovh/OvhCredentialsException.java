package ch.uncloud.ovh;

import ch.uncloud.api.ConfigurationException;
import java.util.Objects;

/** Error code {@code ovh_credentials_rejected}: OVH rejected the application key, consumer key or signature (HTTP 401/403 INVALID_KEY, INVALID_CREDENTIAL, NOT_CREDENTIAL, or a signature still refused after resynchronising the clock); an operator must fix the configuration. Carries OVH's details ({@link #ovhError()}). */
public final class OvhCredentialsException extends ConfigurationException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhCredentialsException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhCredentialsException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_credentials_rejected", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
