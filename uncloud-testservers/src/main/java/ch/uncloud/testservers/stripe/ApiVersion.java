package ch.uncloud.testservers.stripe;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Stripe API version as the {@code Stripe-Version} header names it: a date, optionally followed by
 * the release's name ({@code 2026-07-29.dahlia}). Stripe refuses a malformed version and one older
 * than its first dated version with 400 {@code Invalid Stripe API version}; a well-formed newer
 * version is answered and echoed, so a client that pins a release newer than this fake's reference
 * files keeps working.
 *
 * @param header the version exactly as requested (echoed in the answer's {@code Stripe-Version})
 * @param date the version's date
 */
record ApiVersion(String header, LocalDate date) implements Comparable<ApiVersion> {
  /** The version this fake's objects come from (its fixtures), answered when a request names none. */
  static final ApiVersion ACCOUNT_DEFAULT = new ApiVersion(StripeState.API_VERSION, LocalDate.of(2026, 7, 29));
  /** Stripe's first dated API version; anything before it does not exist. */
  static final LocalDate FIRST_DATED = LocalDate.of(2011, 1, 1);
  /** Since this version a setup or payment intent enables automatic payment methods by default. */
  static final LocalDate AUTOMATIC_PAYMENT_METHODS_DEFAULT = LocalDate.of(2023, 8, 16);

  private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(\\.[a-z]+)?");

  /**
   * @param header the {@code Stripe-Version} header, or {@code null}
   * @return the requested version, or the account's default when none was requested
   * @throws StripeError 400 {@code Invalid Stripe API version: ...} for a malformed or too old one
   */
  static ApiVersion fromHeader(String header) {
    if (header == null) {
      return ACCOUNT_DEFAULT;
    }
    Matcher m = FORMAT.matcher(header.trim());
    LocalDate date = null;
    if (m.matches()) {
      try {
        date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      } catch (DateTimeException e) {
        date = null;
      }
    }
    if (date == null || date.isBefore(FIRST_DATED)) {
      throw StripeError.invalid("Invalid Stripe API version: " + header, null);
    }
    return new ApiVersion(header.trim(), date);
  }

  /**
   * @param other a date
   * @return whether this version is older than that date
   */
  boolean before(LocalDate other) {
    return date.isBefore(other);
  }

  @Override
  public int compareTo(ApiVersion o) {
    return date.compareTo(o.date);
  }
}
