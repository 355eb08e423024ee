package ch.uncloud.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts failed admin logins per admin name and per client address in a sliding window. Once
 * either count reaches its limit, further logins for that name or from that address are refused
 * (HTTP 429 with {@code Retry-After}) without checking the password, until the oldest failure
 * leaves the window. A successful login clears the name's count, not the address's. Thread-safe.
 */
final class LoginRateLimiter {
  private static final int MAX_TRACKED = 10_000;

  private final LoginLimit perName;
  private final LoginLimit perAddress;
  private final Clock clock;
  private final Map<String, Deque<Instant>> names = new HashMap<>();
  private final Map<String, Deque<Instant>> addresses = new HashMap<>();

  LoginRateLimiter(LoginLimit perName, LoginLimit perAddress, Clock clock) {
    this.perName = perName;
    this.perAddress = perAddress;
    this.clock = clock;
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

  private long waitSeconds(Deque<Instant> failures, LoginLimit limit, Instant now) {
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

  private void record(Map<String, Deque<Instant>> map, String key, LoginLimit limit, Instant now) {
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

  private static void prune(Deque<Instant> failures, LoginLimit limit, Instant now) {
    Instant cutoff = now.minus(limit.window());
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
      failures.removeFirst();
    }
  }
}
