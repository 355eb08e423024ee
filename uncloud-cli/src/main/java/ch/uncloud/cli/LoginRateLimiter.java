package ch.uncloud.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts failed admin logins per admin name and per client address in a sliding window. Once
 * either count reaches its limit, further logins for that name or from that address are refused
 * (HTTP 429 with {@code Retry-After}) without checking the password, until the oldest failure
 * leaves the window. A successful login clears the name's count, not the address's. Thread-safe.
 */
final class LoginRateLimiter {
  private static final Pattern LIMIT = Pattern.compile("([0-9]{1,6})/([0-9]{1,6})(s|m|h)");
  private static final int MAX_TRACKED = 10_000;

  private final Limit perName;
  private final Limit perAddress;
  private final Clock clock;
  private final Map<String, Deque<Instant>> names = new HashMap<>();
  private final Map<String, Deque<Instant>> addresses = new HashMap<>();

  LoginRateLimiter(Limit perName, Limit perAddress, Clock clock) {
    this.perName = perName;
    this.perAddress = perAddress;
    this.clock = clock;
  }

  /**
   * How many failures within how long.
   *
   * @param maxFailures failures allowed in the window; the next login is refused
   * @param window the window
   */
  record Limit(int maxFailures, Duration window) {
    Limit {
      if (maxFailures < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("a login rate limit needs at least 1 failure and a positive window");
      }
    }

    /**
     * @param text e.g. {@code 5/1m} (5 failures per minute), {@code 20/30s}, {@code 100/1h}
     * @return the limit
     * @throws IllegalArgumentException if the text is not of that form
     */
    static Limit parse(String text) {
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
      return new Limit(Integer.parseInt(m.group(1)), window);
    }
  }

  /**
   * @param name the admin name tried
   * @param address the client's address
   * @throws GatewayError 429 if the name or the address has used up its failures
   */
  synchronized void checkAllowed(String name, String address) {
    name = key(name);
    Instant now = clock.instant();
    long wait = Math.max(waitSeconds(names.get(name), perName, now), waitSeconds(addresses.get(address), perAddress, now));
    if (wait > 0) {
      throw new GatewayError(429, "too_many_login_failures", "too many failed logins for this admin or from this "
          + "address; try again in " + wait + " s", Map.of("Retry-After", Long.toString(wait)));
    }
  }

  synchronized void failed(String name, String address) {
    Instant now = clock.instant();
    record(names, key(name), perName, now);
    record(addresses, address, perAddress, now);
  }

  synchronized void succeeded(String name) {
    names.remove(key(name));
  }

  // Admin names are at most 256 characters; longer ones (all invalid) share their first 256, so an
  // attacker cannot fill memory with huge names.
  private static String key(String name) {
    return name.length() > 256 ? name.substring(0, 256) : name;
  }

  private long waitSeconds(Deque<Instant> failures, Limit limit, Instant now) {
    if (failures == null) {
      return 0;
    }
    prune(failures, limit, now);
    if (failures.size() < limit.maxFailures()) {
      return 0;
    }
    Duration left = Duration.between(now, failures.peekFirst().plus(limit.window()));
    return Math.max(1, (left.toMillis() + 999) / 1000);
  }

  private void record(Map<String, Deque<Instant>> map, String key, Limit limit, Instant now) {
    if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
      for (Iterator<Deque<Instant>> it = map.values().iterator(); it.hasNext(); ) {
        Deque<Instant> failures = it.next();
        prune(failures, limit, now);
        if (failures.isEmpty()) {
          it.remove();
        }
      }
      if (map.size() >= MAX_TRACKED) {
        map.clear(); // under a flood of names, forget old ones rather than grow without bound
      }
    }
    Deque<Instant> failures = map.computeIfAbsent(key, k -> new ArrayDeque<>());
    prune(failures, limit, now);
    failures.addLast(now);
    while (failures.size() > limit.maxFailures()) {
      failures.removeFirst();
    }
  }

  private static void prune(Deque<Instant> failures, Limit limit, Instant now) {
    Instant cutoff = now.minus(limit.window());
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
      failures.removeFirst();
    }
  }
}
