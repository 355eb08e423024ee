package ch.uncloud.ovh;

import ch.uncloud.api.ConflictException;
import java.util.Objects;

/** Error code {@code ovh_conflict}: the call collides with the resource's state at OVH (HTTP 409). Carries OVH's details ({@link #ovhError()}). */
public final class OvhConflictException extends ConflictException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhConflictException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhConflictException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_conflict", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
