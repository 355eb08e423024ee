package ch.uncloud.core;

import ch.uncloud.api.ConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How events are announced and delivered: the balance thresholds whose crossing is announced, and
 * the dispatcher's timing. Immutable; the defaults are {@link #defaults()}.
 *
 * @param thresholds balances (in {@code uncloud.currency}) whose downward crossing is announced, once
 *     per crossing ({@code uncloud.events.thresholds}, default none)
 * @param serviceThresholds by service name: more balances whose downward crossing is announced when an
 *     entry of that service crosses them ({@code uncloud.events.service.NAME.thresholds}, default none)
 * @param accountThresholds by canonical account name: the balances announced for that account instead
 *     of {@code thresholds} ({@code uncloud.events.account.NAME.thresholds}, default none)
 * @param retryFor how long a failing delivery is retried before it is parked
 *     ({@code uncloud.events.retry-for}, default 3 days)
 * @param firstRetry the wait after the first failure; each further failure doubles it
 *     ({@code uncloud.events.first-retry}, default 10 s)
 * @param maxRetryInterval the longest wait between attempts ({@code uncloud.events.max-retry-interval}, default 1 h)
 * @param pollInterval how often the dispatcher looks for new events when idle
 *     ({@code uncloud.events.poll-interval}, default 1 s)
 * @param batch how many deliveries per sink one round attempts at most (one per account)
 * @param threads how many deliveries run at once
 * @param lease how long a dispatcher's lease on the outbox lasts unless renewed: one dispatcher per
 *     database delivers, and one that dies is replaced once its lease expired
 *     ({@code uncloud.events.lease}, default 30 s; renewed every third of it while it runs)
 * @param retention how long events every sink has received are kept in the outbox before they are
 *     purged ({@code uncloud.events.retention}, default 30 days; events still pending or parked are kept)
 */
public record EventSettings(List<BigDecimal> thresholds, Map<String, List<BigDecimal>> serviceThresholds,
    Map<String, List<BigDecimal>> accountThresholds, Duration retryFor, Duration firstRetry,
    Duration maxRetryInterval, Duration pollInterval, int batch, int threads, Duration lease, Duration retention) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param thresholds balances whose downward crossing is announced
   * @param serviceThresholds more balances per service, for that service's entries
   * @param accountThresholds the balances per account, instead of {@code thresholds}
   * @param retryFor how long a failing delivery is retried before it is parked
   * @param firstRetry the wait after the first failure
   * @param maxRetryInterval the longest wait between attempts
   * @param pollInterval how often the dispatcher looks for new events when idle
   * @param batch how many deliveries per sink one round attempts at most
   * @param threads how many deliveries run at once
   * @param lease how long a dispatcher's lease lasts unless renewed
   * @param retention how long received events are kept
   * @throws ConfigurationException if a duration is not positive or a count below 1
   */
  public EventSettings {
    thresholds = List.copyOf(thresholds);
    serviceThresholds = copy(serviceThresholds);
    accountThresholds = copy(accountThresholds);
    positive(retryFor, "uncloud.events.retry-for");
    positive(firstRetry, "uncloud.events.first-retry");
    positive(maxRetryInterval, "uncloud.events.max-retry-interval");
    positive(pollInterval, "uncloud.events.poll-interval");
    positive(lease, "uncloud.events.lease");
    positive(retention, "uncloud.events.retention");
    if (batch < 1 || threads < 1) {
      throw new ConfigurationException("the dispatcher's batch and threads must be at least 1");
    }
  }

  /**
   * @return no thresholds (global, per service or per account), retried for 3 days from 10 s doubling to 1 h,
   *     polled every second, a lease of 30 s, received events kept 30 days
   */
  public static EventSettings defaults() {
    return new EventSettings(List.of(), Map.of(), Map.of(), Duration.ofDays(3), Duration.ofSeconds(10), Duration.ofHours(1),
        Duration.ofSeconds(1), 200, 8, Duration.ofSeconds(30), Duration.ofDays(30));
  }

  /** @param values the thresholds @return a copy with them */
  public EventSettings withThresholds(List<BigDecimal> values) {
    return new EventSettings(values, serviceThresholds, accountThresholds, retryFor, firstRetry, maxRetryInterval, pollInterval, batch, threads, lease, retention);
  }

  /**
   * @param service a service's name
   * @param values balances whose downward crossing by an entry of that service is announced, in addition
   *     to {@link #thresholds()} (or the account's own); empty removes them
   * @return a copy with them
   */
  public EventSettings withServiceThresholds(String service, List<BigDecimal> values) {
    Map<String, List<BigDecimal>> changed = new TreeMap<>(serviceThresholds);
    changed.remove(service);
    if (!values.isEmpty()) {
      changed.put(service, values);
    }
    return new EventSettings(thresholds, changed, accountThresholds, retryFor, firstRetry, maxRetryInterval,
        pollInterval, batch, threads, lease, retention);
  }

  /**
   * @param account an account's canonical name
   * @param values balances whose downward crossing is announced for that account instead of
   *     {@link #thresholds()} (service thresholds still apply); empty announces none but the services'
   * @return a copy with them
   */
  public EventSettings withAccountThresholds(String account, List<BigDecimal> values) {
    Map<String, List<BigDecimal>> changed = new TreeMap<>(accountThresholds);
    changed.put(account, values);
    return new EventSettings(thresholds, serviceThresholds, changed, retryFor, firstRetry, maxRetryInterval,
        pollInterval, batch, threads, lease, retention);
  }

  /** @param d how long to retry @return a copy with it */
  public EventSettings withRetryFor(Duration d) {
    return new EventSettings(thresholds, serviceThresholds, accountThresholds, d, firstRetry, maxRetryInterval, pollInterval, batch, threads, lease, retention);
  }

  /**
   * @param first the wait after the first failure
   * @param max the longest wait
   * @return a copy with them
   */
  public EventSettings withBackoff(Duration first, Duration max) {
    return new EventSettings(thresholds, serviceThresholds, accountThresholds, retryFor, first, max, pollInterval, batch, threads, lease, retention);
  }

  /** @param d the idle poll interval @return a copy with it */
  public EventSettings withPollInterval(Duration d) {
    return new EventSettings(thresholds, serviceThresholds, accountThresholds, retryFor, firstRetry, maxRetryInterval, d, batch, threads, lease, retention);
  }

  /** @param d how long a dispatcher's lease lasts unless renewed @return a copy with it */
  public EventSettings withLease(Duration d) {
    return new EventSettings(thresholds, serviceThresholds, accountThresholds, retryFor, firstRetry, maxRetryInterval,
        pollInterval, batch, threads, d, retention);
  }

  /** @param d how long events every sink received are kept @return a copy with it */
  public EventSettings withRetention(Duration d) {
    return new EventSettings(thresholds, serviceThresholds, accountThresholds, retryFor, firstRetry, maxRetryInterval,
        pollInterval, batch, threads, lease, d);
  }

  /**
   * @param failures how many attempts failed so far (1 after the first)
   * @return the wait before the next attempt: {@code firstRetry * 2^(failures-1)}, at most {@code maxRetryInterval}
   */
  public Duration backoff(int failures) {
    Duration wait = firstRetry;
    for (int i = 1; i < failures && wait.compareTo(maxRetryInterval) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
  }

  private static Map<String, List<BigDecimal>> copy(Map<String, List<BigDecimal>> byName) {
    Map<String, List<BigDecimal>> copied = new TreeMap<>();
    Objects.requireNonNull(byName, "thresholds by name").forEach((name, values) ->
        copied.put(Objects.requireNonNull(name, "name"), List.copyOf(values)));
    return Collections.unmodifiableMap(copied);
  }

  private static void positive(Duration d, String key) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigurationException(key + " must be a positive duration, e.g. PT10S");
    }
  }
}
