package ch.uncloud.core.internal;

import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import ch.uncloud.spi.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the directory's lock flag in step with the ledger: an account with negative paid credit (its
 * balance less its quota pot) is locked, one at zero or above is unlocked. Runs after every balance change and writes only when
 * the flag must change. The ledger is the truth: when a directory write fails the booking still
 * stands and {@link #reconcile()} repairs the flag later.
 *
 * <p>Concurrent changes of one account are serialized on a lock stripe; a change whose resulting
 * balance disagrees with the known flag re-reads the current balance under that lock, so the last
 * writer always leaves the flag matching the latest balance. Known flags expire after a while, so a
 * flag changed elsewhere (another JVM, an operator) is re-read.
 */
public final class LockPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(LockPolicy.class);
  private static final int STRIPES = 1024;

  private record KnownFlag(boolean locked, Instant until) {}

  /**
   * @param locked whether the account is locked according to the ledger
   * @param pending whether the directory's flag could not be brought in line (reconciliation retries it)
   */
  record Outcome(boolean locked, boolean pending) {}

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final java.util.Currency currency;
  private final Clock clock;
  private final Duration flagTtl;
  private final Object[] stripes = new Object[STRIPES];
  private final ConcurrentHashMap<Username, KnownFlag> known = new ConcurrentHashMap<>();

  public LockPolicy(Ledger ledger, AccountDirectory directory, java.util.Currency currency, Clock clock, Duration flagTtl) {
    this.ledger = ledger;
    this.directory = directory;
    this.currency = currency;
    this.clock = clock;
    this.flagTtl = flagTtl;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * Brings the flag in line after a balance change.
   *
   * @param user the account
   * @param creditAfter the paid credit the change left, as the ledger reported it (debt, and so the
   *     lock, is on paid credit only; quota never locks or unlocks anyone)
   * @param now the time of the change, which decides whether a remembered flag is still fresh
   * @return whether the account is locked according to the ledger, and whether its flag is pending
   */
  Outcome afterChange(Username user, Money creditAfter, Instant now) {
    synchronized (stripes[Math.floorMod(user.hashCode(), STRIPES)]) {
      KnownFlag flag = known.get(user);
      if (flag != null && now.isBefore(flag.until) && flag.locked == locks(creditAfter)) {
        return new Outcome(flag.locked, false);
      }
      boolean shouldLock = inDebt(user);
      boolean current = flag != null && now.isBefore(flag.until) ? flag.locked : readFlag(user, shouldLock);
      if (current != shouldLock) {
        return new Outcome(shouldLock, !writeFlag(user, shouldLock));
      }
      known.put(user, new KnownFlag(shouldLock, now.plus(flagTtl)));
      return new Outcome(shouldLock, false);
    }
  }

  /**
   * @return the accounts checked and repaired; see {@link CreditService#reconcileLocks()}
   */
  LockReconciliation reconcile() {
    List<AccountBalance> balances = ledger.balances(currency);
    List<Username> corrected = new ArrayList<>();
    List<Username> failed = new ArrayList<>();
    for (AccountBalance balance : balances) {
      Username user = balance.account();
      synchronized (stripes[Math.floorMod(user.hashCode(), STRIPES)]) {
        known.remove(user);
        boolean shouldLock = inDebt(user);
        try {
          Username canonical = directory.find(user).map(DirectoryEntry::username).orElse(user);
          if (!canonical.equals(user)) {
            LOG.warn("ledger account {} is another spelling of {}, whose lock flag follows {}'s own balance; "
                + "`uncloud check` lists such accounts", user, canonical, canonical);
            failed.add(user);
            continue;
          }
          if (directory.isLocked(user) != shouldLock) {
            directory.setLocked(user, shouldLock);
            corrected.add(user);
          }
          known.put(user, new KnownFlag(shouldLock, clock.instant().plus(flagTtl)));
        } catch (NotFoundException e) {
          LOG.warn("account {} has ledger entries but is not in the directory; its lock flag cannot be set", user);
          failed.add(user);
        } catch (UncloudException e) {
          LOG.warn("cannot reconcile the lock flag of {}: {}", user, e.getMessage());
          failed.add(user);
        }
      }
    }
    return new LockReconciliation(balances.size(), corrected, failed);
  }

  /** @return whether the account's paid credit (its balance less its quota pot) is below zero */
  private boolean inDebt(Username user) {
    return locks(ledger.balance(user, currency).minus(ledger.quota(user, currency)));
  }

  /**
   * The lock rule: debt on paid credit locks. The directory flag and the lock events both follow it.
   *
   * @param credit an account's paid credit (its balance less its quota pot)
   * @return whether that locks the account
   */
  public static boolean locks(Money credit) {
    return credit.isNegative();
  }

  /** Reads the flag; when that fails, answers the opposite of the wanted value so a write is tried. */
  private boolean readFlag(Username user, boolean wanted) {
    try {
      return directory.isLocked(user);
    } catch (UncloudException e) {
      LOG.warn("cannot read the lock flag of {}: {}", user, e.getMessage());
      return !wanted;
    }
  }

  /** @return whether the flag was written */
  private boolean writeFlag(Username user, boolean locked) {
    try {
      directory.setLocked(user, locked);
      known.put(user, new KnownFlag(locked, clock.instant().plus(flagTtl)));
      LOG.info("account {} {}", user, locked ? "locked: balance below zero" : "unlocked: debt cleared");
      return true;
    } catch (UncloudException e) {
      known.remove(user);
      LOG.warn("the booking for {} stands, but its lock flag could not be {}: {}; the answer says the flag is "
          + "pending and reconciliation repairs it", user, locked ? "set" : "cleared", e.getMessage());
      return false;
    }
  }
}
