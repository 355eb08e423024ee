package ch.uncloud.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Root of every exception uncloud throws. Unchecked. Each carries a stable, machine-readable
 * {@link #errorCode()} (see {@link ErrorCodes}) and belongs to one {@link #category()}, which is also
 * its subclass: catch {@link NotFoundException} for every "does not exist", and look at the error
 * code when one case matters. Only a few errors have a type of their own, because they carry data a
 * caller needs ({@link BadCredentialsException}, {@code CardDeclinedException},
 * {@code SnapshotHasClonesException}).
 *
 * <p>Messages say what went wrong and, where possible, what to do next; they never contain secrets
 * (passwords, API keys, client secrets).
 */
public abstract class UncloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** The stable code; a field (not only a method) so that it survives serialization. */
  private final String errorCode;

  /**
   * @param errorCode a stable code such as {@code unknown_user}: lower-case letters, digits and {@code _}
   * @param message what went wrong and, where possible, what to do next
   * @param cause the underlying failure, or {@code null}
   * @throws IllegalArgumentException if the code is not of that form
   */
  protected UncloudException(String errorCode, String message, Throwable cause) {
    super(message, cause);
    if (errorCode == null || !CODE.matcher(errorCode).matches()) {
      throw new IllegalArgumentException("an error code is lower-case letters, digits and _, not " + errorCode);
    }
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /**
   * @return a stable code such as {@code amount_above_maximum}; never changes between releases
   */
  public final String errorCode() {
    return errorCode;
  }

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
