package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.shop.PaymentChoice;
import java.time.YearMonth;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The month and payment choice a {@link ch.uncloud.api.shop.Bill#id()} names; its account digest is compared by the caller. */
record BillKey(YearMonth month, PaymentChoice payment) {
  private static final Pattern ID = Pattern.compile("([0-9]{4}-(?:0[1-9]|1[0-2]))-(balance|card|invoice)-[0-9a-f]{20}");

  /**
   * @param billId a bill id as a caller sent it
   * @return its month and payment choice
   * @throws NotFoundException ({@code unknown_bill}) if it is not of a bill id's form
   */
  static BillKey parse(String billId) {
    Matcher m = billId == null ? null : ID.matcher(billId);
    if (m == null || !m.matches()) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_BILL, "there is no such bill; a bill id looks like "
          + "2026-11-invoice-3fa2b1c9d0e1a2b3c4d5 (GET /api/v1/bills lists a person's bills with their ids)");
    }
    return new BillKey(YearMonth.parse(m.group(1)), PaymentChoice.valueOf(m.group(2).toUpperCase(Locale.ROOT)));
  }
}
