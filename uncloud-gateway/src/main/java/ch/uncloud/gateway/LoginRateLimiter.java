package ch.uncloud.gateway;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts failed logins in sliding windows ({@link LoginLimits}): per name and client address, per
 * name from everywhere (a slower limit), and per address. Once a count is used up, further logins it
 * covers are refused (HTTP 429 with {@code Retry-After}) without checking the password, until the
 * oldest failure leaves its window. An attacker on one address therefore locks out only that name
 * from that address; the admin working from another address is refused only when many addresses
 * together have used up the name's global limit.
 *
 * <p>Names are counted in their {@link #canonical canonical} form, so case and Unicode variants of one
 * name share one count. Memory is bounded ({@link FailureCounts}): failures for names that exist are
 * kept apart from failures for unknown names, so a flood of made-up names cannot push a real name's
 * count out. A success clears the count of that name from that address only. Thread-safe.
 */
final class LoginRateLimiter {
  static final int DEFAULT_CAPACITY = 10_000;
  private static final int MAX_NAME = 256;

  private final FailureCounts pairs;
  private final FailureCounts names;
  private final FailureCounts addresses;
  private final Clock clock;

  LoginRateLimiter(LoginLimits limits, Clock clock) {
    this(limits, clock, DEFAULT_CAPACITY);
  }

  LoginRateLimiter(LoginLimits limits, Clock clock, int capacity) {
    this.pairs = new FailureCounts(limits.perNameAndAddress(), capacity);
    this.names = new FailureCounts(limits.perName(), capacity);
    this.addresses = new FailureCounts(limits.perAddress(), capacity);
    this.clock = clock;
  }

  /**
   * @param name the name tried
   * @param address the client's address
   * @throws GatewayError 429 if a count covering this login is used up
   */
  synchronized void checkAllowed(String name, String address) {
    String key = canonical(name);
    Instant now = clock.instant();
    long wait = Math.max(pairs.waitSeconds(pair(key, address), now),
        Math.max(names.waitSeconds(key, now), addresses.waitSeconds(address, now)));
    if (wait > 0) {
      throw new GatewayError(429, "too_many_login_failures", "too many failed logins for this name or from this "
          + "address; try again in " + wait + " s", Map.of("Retry-After", Long.toString(wait)));
    }
  }

  /**
   * @param name the name tried
   * @param address the client's address
   * @param nameExists whether the refusal said the name exists (its count must survive a flood of others)
   */
  synchronized void failed(String name, String address, boolean nameExists) {
    String key = canonical(name);
    Instant now = clock.instant();
    pairs.record(pair(key, address), now, nameExists);
    names.record(key, now, nameExists);
    addresses.record(address, now, false);
  }

  /** Clears the failures of this name from this address (not its global count, not the address's). */
  synchronized void succeeded(String name, String address) {
    pairs.clear(pair(canonical(name), address));
  }

  /** @return the names tracked (both tiers), for tests of the memory bound */
  synchronized int trackedNames() {
    return names.size();
  }

  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * The form of a name under which failures are counted: what LDAP's caseIgnoreMatch treats as equal
   * (Unicode NFKC, case folded, leading and trailing spaces removed, inner runs of spaces as one), at
   * most 256 characters, so {@code RapLab}, {@code RAPLAB} and {@code ｒａｐｌａｂ} are one name.
   *
   * @param name a name as sent
   * @return its canonical form
   */
  static String canonical(String name) {
    String bounded = name.length() > 4 * MAX_NAME ? name.substring(0, 4 * MAX_NAME) : name;
    String folded = Normalizer.normalize(bounded, Normalizer.Form.NFKC)
        .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    String spaced = SPACES.matcher(Normalizer.normalize(folded, Normalizer.Form.NFKC).strip()).replaceAll(" ");
    return spaced.length() > MAX_NAME ? spaced.substring(0, MAX_NAME) : spaced;
  }

  private static String pair(String canonicalName, String address) {
    return canonicalName + '\n' + address;
  }
}
