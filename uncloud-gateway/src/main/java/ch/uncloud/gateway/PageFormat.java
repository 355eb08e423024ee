package ch.uncloud.gateway;

import ch.uncloud.api.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the pages show amounts and times: amounts with the currency's decimals and code, times in UTC. */
final class PageFormat {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private PageFormat() {}

  /** @return e.g. {@code 12.50 CHF} */
  static String money(Money m) {
    return m.toPlainString() + " " + m.currency().getCurrencyCode();
  }

  /** @return e.g. {@code 2026-11-03 14:05 UTC} */
  static String time(Instant t) {
    return TIME.format(t) + " UTC";
  }

  /** @return e.g. {@code 2026-11-03} (UTC) */
  static String day(Instant t) {
    return DAY.format(t);
  }

  /**
   * @param pairs names and values, alternating
   * @return them as a template's row (templates read names from maps)
   */
  static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }
}
