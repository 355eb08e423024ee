package ch.uncloud.ovh;

import ch.uncloud.api.ConflictException;
import java.util.Objects;

/** Error code {@code ovh_resource_expired}: the OVH resource has expired, e.g. a cart older than its expiry (HTTP 460); prepare again. Carries OVH's details ({@link #ovhError()}). */
public final class OvhResourceExpiredException extends ConflictException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhResourceExpiredException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhResourceExpiredException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_resource_expired", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
