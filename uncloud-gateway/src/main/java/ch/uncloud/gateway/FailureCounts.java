package ch.uncloud.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per key (a name, a name and address, an address) in a sliding window, in bounded
 * memory that a flood of made-up keys cannot use to make it forget a real one. Keys are kept in two
 * tiers of {@code capacity} each: failures the caller marks as protected (the name exists, so its
 * count guards a real account) are never evicted before they leave the window; other keys (unknown
 * names) are evicted oldest first when their tier is full. Not thread-safe: the owner synchronizes.
 */
final class FailureCounts {
  private final LoginLimit limit;
  private final int capacity;
  private final Map<String, Deque<Instant>> protectedKeys = new HashMap<>();
  private final LinkedHashMap<String, Deque<Instant>> otherKeys;

  FailureCounts(LoginLimit limit, int capacity) {
    this.limit = limit;
    this.capacity = capacity;
    this.otherKeys = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
        return size() > FailureCounts.this.capacity;
      }
    };
  }

  /**
   * @return seconds until the key may try again, 0 if it may now
   */
  long waitSeconds(String key, Instant now) {
    Deque<Instant> failures = protectedKeys.get(key);
    if (failures == null) {
      failures = otherKeys.get(key);
    }
    if (failures == null) {
      return 0;
    }
    prune(failures, now);
    if (failures.size() < limit.maxFailures()) {
      return 0;
    }
    Duration left = Duration.between(now, failures.peekFirst().plus(limit.window()));
    return Math.max(1, (left.toMillis() + 999) / 1000);
  }

  /**
   * @param protect whether the key guards a real account (its count must survive a flood)
   */
  void record(String key, Instant now, boolean protect) {
    Deque<Instant> failures = protectedKeys.get(key);
    if (failures == null && protect && hasProtectedRoom(now)) {
      failures = otherKeys.remove(key);
      failures = failures == null ? new ArrayDeque<>() : failures;
      protectedKeys.put(key, failures);
    }
    if (failures == null) {
      failures = otherKeys.computeIfAbsent(key, k -> new ArrayDeque<>());
    }
    prune(failures, now);
    failures.addLast(now);
    while (failures.size() > limit.maxFailures()) {
      failures.removeFirst();
    }
  }

  void clear(String key) {
    protectedKeys.remove(key);
    otherKeys.remove(key);
  }

  /** @return the keys tracked, both tiers */
  int size() {
    return protectedKeys.size() + otherKeys.size();
  }

  private boolean hasProtectedRoom(Instant now) {
    if (protectedKeys.size() < capacity) {
      return true;
    }
    for (Iterator<Deque<Instant>> it = protectedKeys.values().iterator(); it.hasNext(); ) {
      Deque<Instant> failures = it.next();
      prune(failures, now);
      if (failures.isEmpty()) {
        it.remove();
      }
    }
    return protectedKeys.size() < capacity;
  }

  private void prune(Deque<Instant> failures, Instant now) {
    Instant cutoff = now.minus(limit.window());
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
      failures.removeFirst();
    }
  }
}
