package ch.uncloud.api.credit;

import ch.uncloud.api.UncloudException;

/**
 * One request's outcome in {@link CreditService#chargeAll}: its charge, or why it was refused
 * (nothing of it was booked; the other requests of the batch are not affected).
 *
 * @param charge the booked (or replayed) charge, or {@code null} if refused
 * @param refusal why the request was refused, with its error code, or {@code null} if booked
 */
public record ChargeOutcome(Charge charge, UncloudException refusal) {
  /**
   * Checks that exactly one component is set; each is described with the record.
   *
   * @param charge the booked (or replayed) charge, or {@code null} if refused
   * @param refusal why the request was refused, with its error code, or {@code null} if booked
   */
  public ChargeOutcome {
    if ((charge == null) == (refusal == null)) {
      throw new IllegalArgumentException("an outcome is either a charge or a refusal");
    }
  }

  /**
   * @return true if the request was booked (or replayed)
   */
  public boolean booked() {
    return charge != null;
  }
}
