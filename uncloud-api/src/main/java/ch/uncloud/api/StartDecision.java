package ch.uncloud.api;

/**
 * Whether a user may start a job at a service, and why not.
 *
 * @param allowed true if the job may start
 * @param reason {@code ok}, {@code locked} (the account is in debt) or {@code not_authorized} (the
 *     user does not match the service's access rule)
 */
public record StartDecision(boolean allowed, String reason) {
  static final StartDecision OK = new StartDecision(true, "ok");
  static final StartDecision LOCKED = new StartDecision(false, "locked");
  static final StartDecision NOT_AUTHORIZED = new StartDecision(false, "not_authorized");
}
