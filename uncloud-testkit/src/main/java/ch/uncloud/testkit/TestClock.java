package ch.uncloud.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. Thread-safe: every reader sees the latest
 * {@link #set} or {@link #advance}.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * @param start the initial instant
   * @return a clock in UTC standing at {@code start}
   */
  public static TestClock at(Instant start) {
    return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * @param isoInstant e.g. {@code 2026-11-22T10:00:00Z}
   * @return a clock standing there
   */
  public static TestClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * @param step how far to move forward
   * @return the new instant
   */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a test clock moves forward; use set() to go back");
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  /**
   * @param instant where the clock stands from now on
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * @return a clock sharing this one's time, in another zone
   */
  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(now, zone);
  }
}
