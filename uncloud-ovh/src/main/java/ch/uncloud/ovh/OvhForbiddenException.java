package ch.uncloud.ovh;

import ch.uncloud.api.ForbiddenException;
import java.util.Objects;

/** Error code {@code ovh_forbidden}: OVH does not allow this call for these credentials (HTTP 403 NOT_GRANTED_CALL, FORBIDDEN, Client::Forbidden). Carries OVH's details ({@link #ovhError()}). */
public final class OvhForbiddenException extends ForbiddenException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhForbiddenException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhForbiddenException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_forbidden", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
