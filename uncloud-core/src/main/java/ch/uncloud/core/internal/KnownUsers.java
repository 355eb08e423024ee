package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "does this user exist?" from the directory, remembering positive answers for a while so
 * a busy service does not ask the directory on every charge. Unknown users are never remembered.
 */
public final class KnownUsers {
  private static final int MAX_ENTRIES = 200_000;

  private final AccountDirectory directory;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<Username, Instant> confirmedUntil = new ConcurrentHashMap<>();

  public KnownUsers(AccountDirectory directory, Clock clock, Duration ttl) {
    this.directory = directory;
    this.clock = clock;
    this.ttl = ttl;
  }

  void require(Username user) {
    require(user, clock.instant());
  }

  /** @param now the caller's reading of the clock, so one booking reads it once */
  void require(Username user, Instant now) {
    Instant until = confirmedUntil.get(user);
    if (until != null && now.isBefore(until)) {
      return;
    }
    if (directory.find(user).isEmpty()) {
      confirmedUntil.remove(user);
      throw new NotFoundException(ErrorCodes.UNKNOWN_USER, "no user named " + user + " exists in the directory");
    }
    if (confirmedUntil.size() >= MAX_ENTRIES) {
      confirmedUntil.clear();
    }
    confirmedUntil.put(user, now.plus(ttl));
  }
}
