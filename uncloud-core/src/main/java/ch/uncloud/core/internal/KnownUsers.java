package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a user name as a caller sent it to the person's one canonical name: the directory's
 * stored spelling of the entry it matches ({@code NETHZUSER} and fullwidth {@code ｎｅｔｈｚｕｓｅｒ} are
 * {@code nethzuser} on an LDAP directory). The core maps every incoming name through here before the
 * ledger, the lock flag, the shop or an answer sees it, so one person has one account. Positive
 * answers are remembered for a while so a busy service does not ask the directory on every charge;
 * unknown users are never remembered.
 */
public final class KnownUsers {
  private static final int MAX_ENTRIES = 200_000;

  private record Resolved(Username canonical, Instant until) {}

  private final AccountDirectory directory;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<Username, Resolved> resolved = new ConcurrentHashMap<>();

  public KnownUsers(AccountDirectory directory, Clock clock, Duration ttl) {
    this.directory = directory;
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * @param user a name as sent
   * @return the canonical name
   * @throws NotFoundException ({@code unknown_user}) if the directory has no such user
   */
  Username require(Username user) {
    return require(user, clock.instant());
  }

  /**
   * @param user a name as sent
   * @param now the caller's reading of the clock, so one booking reads it once
   * @return the canonical name
   * @throws NotFoundException ({@code unknown_user}) if the directory has no such user
   */
  Username require(Username user, Instant now) {
    return find(user, now).orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_USER,
        "no user named " + user + " exists in the directory"));
  }

  /**
   * @param user a name as sent
   * @return the canonical name, or the name unchanged if the directory does not know it (for reads
   *     of accounts that may have left the directory)
   */
  Username canonicalOrSame(Username user) {
    return find(user, clock.instant()).orElse(user);
  }

  /**
   * @param user a name as sent
   * @return the canonical name, if the directory knows the user now
   */
  Optional<Username> find(Username user) {
    return find(user, clock.instant());
  }

  /**
   * @param user a name as sent
   * @param now the time of the question
   * @return the canonical name, if the directory knows the user
   */
  Optional<Username> find(Username user, Instant now) {
    Resolved known = resolved.get(user);
    if (known != null && now.isBefore(known.until())) {
      return Optional.of(known.canonical());
    }
    Optional<Username> canonical = directory.find(user).map(DirectoryEntry::username);
    if (canonical.isEmpty()) {
      resolved.remove(user);
      return canonical;
    }
    if (resolved.size() >= MAX_ENTRIES) {
      resolved.clear();
    }
    resolved.put(user, new Resolved(canonical.get(), now.plus(ttl)));
    return canonical;
  }
}
