package ch.uncloud.gateway;

import ch.uncloud.api.Money;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pages' charts as numbers for an inline SVG that the templates draw (no script, no library): the
 * balance over time as a step line, and charges per service and month as stacked columns. Coordinates
 * are in a 640 x 240 view box; labels and a text summary come along for people who cannot see the chart.
 */
final class PageCharts {
  /** At most this many statement pages (of 1000 entries) feed the account's charts. */
  static final int MAX_CHART_PAGES = 20;
  static final int WIDTH = 640;
  static final int HEIGHT = 240;
  private static final int LEFT = 70;
  private static final int RIGHT = 10;
  private static final int TOP = 10;
  private static final int BOTTOM = 30;
  private static final int COLORS = 8;

  private PageCharts() {}

  /**
   * @param entries the account's entries from {@code from} on, in booking order
   * @param from where the chart starts
   * @param to where it ends (now)
   * @param balanceNow the balance now (the line's end when there are no entries)
   * @param locale the language of the summary
   * @return {@code points} (an SVG polyline), {@code zeroY} (or null), {@code labels}, {@code summary}
   */
  static Map<String, Object> balance(List<LedgerEntry> entries, Instant from, Instant to, Money balanceNow, Locale locale) {
    BigDecimal start = entries.isEmpty() ? balanceNow.amount()
        : entries.get(0).balanceAfter().amount().subtract(entries.get(0).delta().amount());
    List<Instant> times = new ArrayList<>();
    List<BigDecimal> values = new ArrayList<>();
    times.add(from);
    values.add(start);
    for (LedgerEntry e : entries) {
      times.add(e.bookedAt());
      values.add(e.balanceAfter().amount());
    }
    BigDecimal min = values.stream().reduce(BigDecimal.ZERO, BigDecimal::min);
    BigDecimal max = values.stream().reduce(BigDecimal.ZERO, BigDecimal::max);
    if (min.compareTo(max) == 0) {
      max = max.add(BigDecimal.ONE);
    }
    StringBuilder points = new StringBuilder();
    double previousY = -1;
    for (int i = 0; i < times.size(); i++) {
      double x = x(times.get(i), from, to);
      double y = y(values.get(i), min, max);
      if (i > 0) {
        points.append(' ').append(fmt(x)).append(',').append(fmt(previousY));
      }
      points.append(' ').append(fmt(x)).append(',').append(fmt(y));
      previousY = y;
    }
    points.append(' ').append(WIDTH - RIGHT).append(',').append(fmt(previousY));
    Map<String, Object> chart = new HashMap<>();
    chart.put("points", points.toString().trim());
    chart.put("zeroY", fmt(y(BigDecimal.ZERO, min, max)));
    String currency = balanceNow.currency().getCurrencyCode();
    chart.put("labels", List.of(
        label(LEFT - 6, TOP + 12, max.setScale(2, RoundingMode.HALF_UP).toPlainString(), "end"),
        label(LEFT - 6, HEIGHT - BOTTOM, min.setScale(2, RoundingMode.HALF_UP).toPlainString(), "end"),
        label(LEFT, HEIGHT - 8, PageFormat.day(from), "start"),
        label(WIDTH - RIGHT, HEIGHT - 8, PageFormat.day(to), "end")));
    chart.put("summary", PageRenderer.text(locale, "chart.balanceSummary", PageFormat.day(from),
        min.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency,
        max.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency, PageFormat.money(balanceNow)));
    chart.put("currency", currency);
    return chart;
  }

  /**
   * @param entries the account's entries, in booking order
   * @param last the last month shown
   * @param months how many months are shown
   * @param locale the language of the summary
   * @return {@code bars} (x, y, width, height, css class, title), {@code labels}, {@code legend},
   *     {@code summary}, {@code empty}
   */
  static Map<String, Object> chargesPerService(List<LedgerEntry> entries, YearMonth last, int months, Locale locale) {
    YearMonth first = last.minusMonths(months - 1L);
    Map<String, LedgerEntry> byId = new HashMap<>();
    entries.forEach(e -> byId.put(e.id().toString(), e));
    Map<YearMonth, Map<String, BigDecimal>> charged = new TreeMap<>();
    Map<String, BigDecimal> perService = new TreeMap<>();
    for (LedgerEntry e : entries) {
      boolean charge = e.kind() == EntryKind.CHARGE;
      boolean reversedCharge = e.kind() == EntryKind.REVERSAL && e.reversesIfAny()
          .map(id -> byId.get(id.toString())).map(o -> o.kind() == EntryKind.CHARGE).orElse(false);
      YearMonth month = YearMonth.from(e.bookedAt().atZone(ZoneOffset.UTC));
      if ((!charge && !reversedCharge) || month.isBefore(first) || month.isAfter(last)) {
        continue;
      }
      BigDecimal amount = e.delta().amount().negate();
      String service = e.service().toString();
      charged.computeIfAbsent(month, m -> new TreeMap<>()).merge(service, amount, BigDecimal::add);
      perService.merge(service, amount, BigDecimal::add);
    }
    List<String> services = new ArrayList<>(perService.keySet());
    BigDecimal max = BigDecimal.ONE;
    for (Map<String, BigDecimal> month : charged.values()) {
      BigDecimal total = month.values().stream().filter(v -> v.signum() > 0).reduce(BigDecimal.ZERO, BigDecimal::add);
      max = max.max(total);
    }
    double slot = (double) (WIDTH - LEFT - RIGHT) / months;
    List<Map<String, Object>> bars = new ArrayList<>();
    List<Map<String, Object>> labels = new ArrayList<>();
    for (int i = 0; i < months; i++) {
      YearMonth month = first.plusMonths(i);
      double x = LEFT + i * slot + slot * 0.15;
      double base = HEIGHT - BOTTOM;
      for (Map.Entry<String, BigDecimal> part : charged.getOrDefault(month, Map.of()).entrySet()) {
        if (part.getValue().signum() <= 0) {
          continue;
        }
        double h = part.getValue().doubleValue() / max.doubleValue() * (HEIGHT - TOP - BOTTOM);
        base -= h;
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("x", fmt(x));
        bar.put("y", fmt(base));
        bar.put("width", fmt(slot * 0.7));
        bar.put("height", fmt(h));
        bar.put("cls", "s" + (services.indexOf(part.getKey()) % COLORS));
        bar.put("title", month + " " + part.getKey() + ": " + part.getValue().toPlainString());
        bars.add(bar);
      }
      if (months <= 12 || i % 2 == 0) {
        labels.add(label(x + slot * 0.35, HEIGHT - 8, month.toString().substring(2), "middle"));
      }
    }
    labels.add(label(LEFT - 6, TOP + 12, max.setScale(2, RoundingMode.HALF_UP).toPlainString(), "end"));
    labels.add(label(LEFT - 6, HEIGHT - BOTTOM, "0", "end"));
    List<Map<String, Object>> legend = new ArrayList<>();
    StringBuilder totals = new StringBuilder();
    for (int i = 0; i < services.size(); i++) {
      legend.add(PageFormat.row("name", services.get(i), "cls", "s" + (i % COLORS),
          "total", perService.get(services.get(i)).toPlainString()));
      totals.append(i == 0 ? "" : ", ").append(services.get(i)).append(' ').append(perService.get(services.get(i))
          .toPlainString());
    }
    Map<String, Object> chart = new HashMap<>();
    chart.put("bars", bars);
    chart.put("labels", labels);
    chart.put("legend", legend);
    chart.put("empty", services.isEmpty());
    chart.put("summary", services.isEmpty() ? PageRenderer.text(locale, "chart.noCharges", first.toString(), last.toString())
        : PageRenderer.text(locale, "chart.chargesSummary", first.toString(), last.toString(), totals.toString()));
    return chart;
  }

  private static Map<String, Object> label(double x, double y, String text, String anchor) {
    return PageFormat.row("x", fmt(x), "y", fmt(y), "text", text, "anchor", anchor);
  }

  private static double x(Instant t, Instant from, Instant to) {
    double span = Math.max(1, to.getEpochSecond() - from.getEpochSecond());
    double share = Math.min(1, Math.max(0, (t.getEpochSecond() - from.getEpochSecond()) / span));
    return LEFT + share * (WIDTH - LEFT - RIGHT);
  }

  private static double y(BigDecimal value, BigDecimal min, BigDecimal max) {
    double share = value.subtract(min).doubleValue() / max.subtract(min).doubleValue();
    return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
