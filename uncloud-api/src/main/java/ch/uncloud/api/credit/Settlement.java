package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import java.time.ZoneId;
import java.util.List;

/**
 * What a service booked in a calendar quarter, for the internal transfer with its provider. A
 * reversal counts in the quarter it was booked in, whichever quarter the original fell in.
 *
 * @param service the service
 * @param quarter the quarter
 * @param zone the zone the quarter's boundaries are counted in
 * @param charged the sum of charges (positive)
 * @param credited the sum of deposits booked by the service (positive)
 * @param reversed the net effect of reversals on the service's revenue (positive when charges were
 *     reversed)
 * @param net what the service earned: charged minus credited minus reversed
 * @param lines every entry of the quarter, in booking order
 */
public record Settlement(ServiceName service, Quarter quarter, ZoneId zone, Money charged, Money credited,
    Money reversed, Money net, List<LedgerEntry> lines) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param service the service
   * @param quarter the quarter
   * @param zone the zone the quarter's boundaries are counted in
   * @param charged the sum of charges (positive)
   * @param credited the sum of deposits booked by the service (positive)
   * @param reversed the net effect of reversals on the service's revenue (positive when charges were reversed)
   * @param net what the service earned: charged minus credited minus reversed
   * @param lines every entry of the quarter, in booking order
   */
  public Settlement {
    lines = List.copyOf(lines);
  }

  /**
   * @return the part of {@link #net} the users paid from their quota pots: the quota parts of the
   *     service's charges less those its reversals returned
   */
  public Money paidFromQuota() {
    Money paid = Money.zero(net.currency());
    for (LedgerEntry line : lines) {
      if (line.pot() == Pot.SPLIT) {
        paid = paid.minus(line.quotaDelta());
      }
    }
    return paid;
  }

  /**
   * @return the part of {@link #net} paid from paid credit: the net less {@link #paidFromQuota()}
   */
  public Money paidFromCredit() {
    return net.minus(paidFromQuota());
  }
}
