package ch.uncloud.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many failed logins the gateway allows within how long, per name or per client address
 * ({@code uncloud.gateway.login-rate-limit} and {@code ...-per-address}). Immutable.
 *
 * @param maxFailures failures allowed in the window; the next login is refused (429) until the
 *     oldest failure leaves the window
 * @param window the sliding window
 */
public record LoginLimit(int maxFailures, Duration window) {
  private static final Pattern LIMIT = Pattern.compile("([0-9]{1,6})/([0-9]{1,6})(s|m|h)");

  /**
   * Checks the limit.
   *
   * @param maxFailures failures allowed in the window, at least 1
   * @param window the window, positive
   * @throws IllegalArgumentException otherwise
   */
  public LoginLimit {
    Objects.requireNonNull(window, "window");
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a login rate limit needs at least 1 failure and a positive window");
    }
  }

  /**
   * @param text e.g. {@code 5/1m} (5 failures per minute), {@code 20/30s}, {@code 100/1h}
   * @return the limit
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static LoginLimit parse(String text) {
    Matcher m = LIMIT.matcher(text.trim());
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
      throw new IllegalArgumentException("'" + text + "' is not a rate limit such as 5/1m (failures/window, "
          + "window in s, m or h)");
    }
    long amount = Long.parseLong(m.group(2));
    Duration window = switch (m.group(3)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
    return new LoginLimit(Integer.parseInt(m.group(1)), window);
  }
}
