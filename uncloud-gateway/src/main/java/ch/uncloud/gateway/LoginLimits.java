package ch.uncloud.gateway;

import java.util.Objects;

/**
 * The gateway's three limits on failed logins, each a {@link LoginLimit} in a sliding window:
 *
 * <ul>
 *   <li>{@code perNameAndAddress}: failures for one name from one client address
 *       ({@code uncloud.gateway.login-rate-limit}, default {@code 5/1m});
 *   <li>{@code perName}: failures for one name from everywhere together, slower
 *       ({@code uncloud.gateway.login-rate-limit-per-name}, default {@code 100/15m});
 *   <li>{@code perAddress}: failures from one client address for any names
 *       ({@code uncloud.gateway.login-rate-limit-per-address}, default {@code 20/1m}).
 * </ul>
 *
 * <p>One address must never be able to use up a name's global limit on its own, or an attacker could
 * lock an admin out everywhere: so {@code perName} must allow more failures than one address can
 * produce within its window under {@code perNameAndAddress}. Immutable.
 *
 * @param perNameAndAddress failures allowed for one name from one address
 * @param perName failures allowed for one name from all addresses together
 * @param perAddress failures allowed from one address, any names
 */
public record LoginLimits(LoginLimit perNameAndAddress, LoginLimit perName, LoginLimit perAddress) {

  /**
   * Checks that one address cannot use up a name's global limit.
   *
   * @param perNameAndAddress failures allowed for one name from one address
   * @param perName failures allowed for one name from all addresses together
   * @param perAddress failures allowed from one address, any names
   * @throws IllegalArgumentException if {@code perName} is reachable from a single address
   */
  public LoginLimits {
    Objects.requireNonNull(perNameAndAddress, "perNameAndAddress");
    Objects.requireNonNull(perName, "perName");
    Objects.requireNonNull(perAddress, "perAddress");
    long reachable = reachableFromOneAddress(perNameAndAddress, perName);
    if (perName.maxFailures() <= reachable) {
      throw new IllegalArgumentException("uncloud.gateway.login-rate-limit-per-name allows " + perName.maxFailures()
          + " failures, which one address can reach on its own (" + reachable + " within the window under "
          + "uncloud.gateway.login-rate-limit), so an attacker could lock the admin out everywhere: allow at least "
          + (reachable + 1) + ", or shorten its window");
    }
  }

  /** @return 5 per name and address a minute, 100 per name in 15 minutes, 20 per address a minute */
  public static LoginLimits defaults() {
    return new LoginLimits(LoginLimit.parse("5/1m"), LoginLimit.parse("100/15m"), LoginLimit.parse("20/1m"));
  }

  /** The most failures for one name that one address can produce within the global window. */
  private static long reachableFromOneAddress(LoginLimit perNameAndAddress, LoginLimit perName) {
    long windows = perName.window().toMillis() / perNameAndAddress.window().toMillis() + 1;
    return perNameAndAddress.maxFailures() * windows;
  }
}
