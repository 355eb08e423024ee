package ch.uncloud.api.payments;

/** Where a card payment stands. */
public enum PaymentStatus {
  /** The money was taken. */
  SUCCEEDED,
  /** The provider accepted the payment but has not settled it yet; look again later or wait for its notification. */
  PENDING,
  /** The payment was refused (decline, authentication needed); nothing was taken. */
  FAILED,
  /** The request was sent but no answer came back; resolve by looking it up, never by paying again. */
  UNKNOWN;

  /**
   * @return whether the outcome is settled: succeeded or failed
   */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
