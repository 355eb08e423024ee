package ch.uncloud.api.credit;

/** Where a {@link Hold} is in its life. */
public enum HoldState {
  /** Reserved: counts against the account's available amount. */
  OPEN,
  /** Ended by a capture, which booked a charge. */
  CAPTURED,
  /** Ended by a release; nothing was booked. */
  RELEASED,
  /** Ended by its expiry without a capture; nothing was booked. */
  EXPIRED
}
