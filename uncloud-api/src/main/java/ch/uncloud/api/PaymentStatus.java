package ch.uncloud.api;

/** Where a card payment stands. */
public enum PaymentStatus {
  /** The money was taken. */
  SUCCEEDED,
  /** The payment was refused (decline, authentication needed); nothing was taken. */
  FAILED,
  /** The request was sent but no answer came back; resolve by looking it up, never by paying again. */
  UNKNOWN
}
