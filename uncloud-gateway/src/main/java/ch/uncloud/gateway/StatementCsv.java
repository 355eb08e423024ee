package ch.uncloud.gateway;

import ch.uncloud.api.credit.LedgerEntry;
import java.util.List;
import java.util.Locale;

/** A person's statement as CSV (RFC 4180): one line per entry, amounts signed, so they sum to the balance. */
public final class StatementCsv {
  /** The header line. */
  static final String HEADER = "entry_id,booked_at,service_name,kind,amount,currency,comment,balance_after";

  private StatementCsv() {}

  /**
   * @param entries a statement's entries, in booking order
   * @return the header and one line per entry
   */
  public static String write(List<LedgerEntry> entries) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    append(csv, entries);
    return csv.toString();
  }

  static void append(StringBuilder csv, List<LedgerEntry> entries) {
    for (LedgerEntry e : entries) {
      csv.append(e.id()).append(',')
          .append(e.bookedAt()).append(',')
          .append(SettlementCsv.cell(e.service().toString())).append(',')
          .append(e.kind().name().toLowerCase(Locale.ROOT)).append(',')
          .append(e.delta().toPlainString()).append(',')
          .append(e.delta().currency().getCurrencyCode()).append(',')
          .append(SettlementCsv.cell(e.comment())).append(',')
          .append(e.balanceAfter().toPlainString()).append("\r\n");
    }
  }
}
