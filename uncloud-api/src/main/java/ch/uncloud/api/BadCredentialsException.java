package ch.uncloud.api;

/**
 * A user name and password were not accepted. Error code {@code bad_credentials}.
 *
 * <p>The {@link #reason()} tells the embedding application what happened (for its own audit log);
 * the {@link #getMessage() message} is the same for every reason, so it can be shown to a would-be
 * attacker without revealing whether the name exists.
 */
public final class BadCredentialsException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  /** Why the credentials were refused. Never show this to the person who tried to log in. */
  public enum Reason {
    /** No such user or admin. */
    UNKNOWN_NAME,
    /** The name exists, the password is wrong. */
    WRONG_PASSWORD,
    /** The account exists but may not log in (disabled, locked out by the directory). */
    ACCOUNT_DISABLED,
    /** Too many failed attempts recently; try again later. */
    RATE_LIMITED
  }

  /** Why the credentials were refused (serialized with the exception). */
  private final Reason reason;

  /**
   * @param reason why the credentials were refused
   */
  public BadCredentialsException(Reason reason) {
    this(reason, null);
  }

  /**
   * @param reason why the credentials were refused
   * @param cause the underlying failure, or {@code null}
   */
  public BadCredentialsException(Reason reason, Throwable cause) {
    super(ErrorCodes.BAD_CREDENTIALS, "invalid user name or password", cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /**
   * @return why the credentials were refused; for logs, not for the person logging in
   */
  public Reason reason() {
    return reason;
  }

}
