package ch.uncloud.gateway;

import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.Settlement;

/**
 * Writes a {@link Settlement} as CSV (RFC 4180, comma-separated, CRLF line ends): one line per
 * entry, then six total lines whose {@code kind} is {@code total_charged}, {@code total_credited},
 * {@code total_reversed}, {@code net}, and the net's parts {@code paid_from_quota} and
 * {@code paid_from_credit} (what the users paid from their quota pots and from paid credit). Text that a spreadsheet would run as a formula (starting with
 * {@code = + - @}) is prefixed with a quote character. The gateway answers {@code GET /settlement}
 * with it for {@code Accept: text/csv}, and {@code uncloud settle} writes the same.
 */
public final class SettlementCsv {
  /** The header line. */
  public static final String HEADER = "entry_id,kind,booked_at,username,amount,currency,comment,admin,reverses";

  private SettlementCsv() {}

  /**
   * @param settlement the settlement
   * @return the CSV text, header first, lines ending in CRLF
   */
  public static String write(Settlement settlement) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    String currency = settlement.charged().currency().getCurrencyCode();
    for (LedgerEntry line : settlement.lines()) {
      csv.append(line.id()).append(',')
          .append(line.kind().name().toLowerCase(java.util.Locale.ROOT)).append(',')
          .append(line.bookedAt()).append(',')
          .append(cell(line.account().toString())).append(',')
          .append(line.delta().toPlainString()).append(',')
          .append(currency).append(',')
          .append(cell(line.comment())).append(',')
          .append(cell(line.principal())).append(',')
          .append(line.reversesIfAny().map(Object::toString).orElse(""))
          .append("\r\n");
    }
    total(csv, "total_charged", settlement.charged().toPlainString(), currency, settlement);
    total(csv, "total_credited", settlement.credited().toPlainString(), currency, settlement);
    total(csv, "total_reversed", settlement.reversed().toPlainString(), currency, settlement);
    total(csv, "net", settlement.net().toPlainString(), currency, settlement);
    total(csv, "paid_from_quota", settlement.paidFromQuota().toPlainString(), currency, settlement);
    total(csv, "paid_from_credit", settlement.paidFromCredit().toPlainString(), currency, settlement);
    return csv.toString();
  }

  private static void total(StringBuilder csv, String kind, String amount, String currency, Settlement s) {
    csv.append(',').append(kind).append(",,,").append(amount).append(',').append(currency).append(',')
        .append(cell(s.service() + " " + s.quarter())).append(",,\r\n");
  }

  static String cell(String text) {
    String value = text;
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
        || value.indexOf('\'') == 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
