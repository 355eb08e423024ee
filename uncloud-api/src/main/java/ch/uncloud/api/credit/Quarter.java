package ch.uncloud.api.credit;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar quarter such as {@code 2026-Q4}, the settlement period with service providers.
 *
 * @param year the year, 2000 to 9999
 * @param number the quarter, 1 to 4
 */
public record Quarter(int year, int number) implements Comparable<Quarter> {
  private static final Pattern FORMAT = Pattern.compile("([0-9]{4})-Q([1-4])");

  /**
   * Checks the components; each is described with the record.
   *
   * @param year the year, 2000 to 9999
   * @param number the quarter, 1 to 4
   */
  public Quarter {
    if (year < 2000 || year > 9999 || number < 1 || number > 4) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "quarter " + year + "-Q" + number + " is out of range");
    }
  }

  /**
   * @param text for example {@code 2026-Q4}
   * @return the quarter
   * @throws InvalidRequestException ({@code invalid_argument}) if the text is not of that form
   */
  public static Quarter parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text);
    if (m == null || !m.matches()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "quarter '" + (text == null ? "" : text.replaceAll("\\p{Cntrl}", "?"))
          + "' is not of the form 2026-Q4");
    }
    return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /**
   * @param date a day
   * @return the quarter it falls in
   */
  public static Quarter of(LocalDate date) {
    return new Quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
  }

  /**
   * @return the first day of the quarter
   */
  public LocalDate firstDay() {
    return LocalDate.of(year, (number - 1) * 3 + 1, 1);
  }

  /**
   * @return the first day of the next quarter (the exclusive end)
   */
  public LocalDate endExclusive() {
    return firstDay().plusMonths(3);
  }

  /**
   * @param zone the zone the quarter is counted in
   * @return its first instant
   */
  public ZonedDateTime start(ZoneId zone) {
    return firstDay().atStartOfDay(zone);
  }

  /**
   * @param zone the zone the quarter is counted in
   * @return the first instant after it
   */
  public ZonedDateTime end(ZoneId zone) {
    return endExclusive().atStartOfDay(zone);
  }

  @Override
  public int compareTo(Quarter o) {
    return year != o.year ? Integer.compare(year, o.year) : Integer.compare(number, o.number);
  }

  /**
   * @return e.g. {@code 2026-Q4}
   */
  @Override
  public String toString() {
    return year + "-Q" + number;
  }
}
