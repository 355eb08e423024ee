package ch.uncloud.api.credit;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a quota grant recurs. Semesters are those of Swiss universities: the spring semester
 * (Frühjahrssemester, {@code FS2026}) from February to July, the autumn semester (Herbstsemester,
 * {@code HS2026}) from August to January of the next year.
 */
public enum QuotaPeriod {
  /** Spring (February to July, {@code FS2026}) and autumn (August to January, {@code HS2026}). */
  SEMESTER(Pattern.compile("(FS|HS)(\\d{4})")),
  /** Calendar quarters, {@code 2026-Q3}. */
  QUARTER(Pattern.compile("(\\d{4})-Q([1-4])")),
  /** Calendar months, {@code 2026-03}. */
  MONTH(Pattern.compile("(\\d{4})-(\\d{2})"));

  private final Pattern label;

  QuotaPeriod(Pattern label) {
    this.label = label;
  }

  /**
   * One period of a kind.
   *
   * @param kind semester, quarter or month
   * @param label its name, e.g. {@code HS2026}, {@code 2026-Q3}, {@code 2026-03}
   * @param start its first day
   * @param end the day after its last day
   */
  public record Span(QuotaPeriod kind, String label, LocalDate start, LocalDate end) {
    /**
     * @param day a day
     * @return whether the day is in this period
     */
    public boolean contains(LocalDate day) {
      return !day.isBefore(start) && day.isBefore(end);
    }
  }

  /**
   * @param day a day
   * @return the period of this kind that holds it
   */
  public Span of(LocalDate day) {
    return switch (this) {
      case SEMESTER -> {
        int month = day.getMonthValue();
        if (month == 1) {
          yield semester("HS", day.getYear() - 1);
        }
        yield semester(month <= 7 ? "FS" : "HS", day.getYear());
      }
      case QUARTER -> {
        int q = (day.getMonthValue() - 1) / 3 + 1;
        LocalDate start = LocalDate.of(day.getYear(), 3 * q - 2, 1);
        yield new Span(this, day.getYear() + "-Q" + q, start, start.plusMonths(3));
      }
      case MONTH -> {
        YearMonth month = YearMonth.from(day);
        yield new Span(this, month.toString(), month.atDay(1), month.plusMonths(1).atDay(1));
      }
    };
  }

  /**
   * @param text a period's label of this kind
   * @return the period
   * @throws InvalidRequestException ({@code invalid_argument}) if the text names no period of this kind
   */
  public Span parse(String text) {
    Matcher m = label.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "period '" + text + "' is not a "
          + name().toLowerCase(java.util.Locale.ROOT) + "; write " + example());
    }
    return switch (this) {
      case SEMESTER -> semester(m.group(1), Integer.parseInt(m.group(2)));
      case QUARTER -> of(LocalDate.of(Integer.parseInt(m.group(1)), 3 * Integer.parseInt(m.group(2)) - 2, 1));
      case MONTH -> {
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "period '" + text + "' has no month "
              + month + "; write " + example());
        }
        yield of(LocalDate.of(Integer.parseInt(m.group(1)), month, 1));
      }
    };
  }

  /**
   * @param text a period's label
   * @return whether it is a label of this kind
   */
  public boolean names(String text) {
    return text != null && label.matcher(text.trim()).matches();
  }

  private String example() {
    return switch (this) {
      case SEMESTER -> "FS2026 (February to July) or HS2026 (August to January)";
      case QUARTER -> "e.g. 2026-Q3";
      case MONTH -> "e.g. 2026-03";
    };
  }

  private Span semester(String half, int year) {
    LocalDate start = half.equals("FS") ? LocalDate.of(year, Month.FEBRUARY, 1) : LocalDate.of(year, Month.AUGUST, 1);
    return new Span(this, half + year, start, start.plusMonths(6));
  }
}
