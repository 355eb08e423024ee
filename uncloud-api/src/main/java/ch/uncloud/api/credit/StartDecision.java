package ch.uncloud.api.credit;

/**
 * Whether a user may start a job at a service, and why not.
 *
 * @param allowed true if the job may start
 * @param reason {@code ok}, {@code locked} (the account is in debt) or {@code not_authorized} (the
 *     user does not match the service's access rule)
 */
public record StartDecision(boolean allowed, String reason) {
  /** The job may start. */
  public static final StartDecision OK = new StartDecision(true, "ok");
  /** The account is locked (in debt, or flagged in the directory). */
  public static final StartDecision LOCKED = new StartDecision(false, "locked");
  /** The user does not match the service's access rule. */
  public static final StartDecision NOT_AUTHORIZED = new StartDecision(false, "not_authorized");

  /** Not allowed: open holds take up the whole balance (what is available is below zero). A hold never locks. */
  public static final StartDecision INSUFFICIENT_FUNDS = new StartDecision(false, "insufficient_funds");
}
