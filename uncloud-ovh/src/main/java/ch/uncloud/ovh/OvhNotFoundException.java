package ch.uncloud.ovh;

import ch.uncloud.api.NotFoundException;
import java.util.Objects;

/** Error code {@code ovh_not_found}: the OVH resource does not exist (HTTP 404). Carries OVH's details ({@link #ovhError()}). */
public final class OvhNotFoundException extends NotFoundException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhNotFoundException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhNotFoundException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_not_found", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
