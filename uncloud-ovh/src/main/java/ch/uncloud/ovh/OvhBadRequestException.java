package ch.uncloud.ovh;

import ch.uncloud.api.InvalidRequestException;
import java.util.Objects;

/** Error code {@code ovh_bad_request}: OVH refused the request's parameters or content (HTTP 400 and other client errors). Carries OVH's details ({@link #ovhError()}). */
public final class OvhBadRequestException extends InvalidRequestException implements OvhApiError {
  private static final long serialVersionUID = 1L;
  private final transient OvhErrorDetails details;

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   */
  public OvhBadRequestException(String message, OvhErrorDetails details) {
    this(message, details, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param details what OVH said
   * @param cause the underlying failure, or {@code null}
   */
  public OvhBadRequestException(String message, OvhErrorDetails details, Throwable cause) {
    super("ovh_bad_request", message, cause);
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public OvhErrorDetails ovhError() {
    return details;
  }

}
