package ch.uncloud.jdbc;

import ch.uncloud.api.Money;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer's pot arithmetic in one place. An account's quota pot is a balance row of its own, keyed
 * by the account and {@code CHF:quota} (so it is locked, cached and written like the balance row and
 * never listed as a currency's balance). A batch's entries are split, by {@link NewEntry#quotaPart},
 * against the quota the batch locked as its earlier entries left it.
 */
final class QuotaPots {
  /** The schema version that adds the quota pot. */
  static final int VERSION = 9;
  private static final String SUFFIX = ":quota";

  /** An entry's parts in minor units: the change of the balance as booked, its quota part, the pot after it. */
  record Split(long bookedMinor, long quotaMinor, long quotaAfterMinor) {}

  private final Map<BalanceKey, Long> quotas;
  private final Map<BalanceKey, Long> changed = new HashMap<>();
  /** Quota parts of the entries a batch may reverse: those it read from the store and those it books. */
  private final Map<String, Long> quotaParts = new HashMap<>();

  /** @param locked the batch's locked balance rows, including the quota rows of {@link #keysOf} */
  QuotaPots(Map<BalanceKey, Long> locked) {
    this.quotas = locked;
  }

  /** Schema version 9: existing entries are all paid credit (quota part zero, pot {@code SPLIT}). */
  static List<Migration> migrations() {
    return List.of(new Migration(VERSION, "quota pot beside paid credit: each entry's quota part and the pot after it",
        List.of("ALTER TABLE ledger_entry ADD COLUMN pot TEXT NOT NULL DEFAULT 'SPLIT' CHECK (pot IN ('SPLIT', 'QUOTA'))",
            "ALTER TABLE ledger_entry ADD COLUMN quota_minor BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE ledger_entry ADD COLUMN quota_after_minor BIGINT NOT NULL DEFAULT 0")));
  }

  /** @return the quota row of an account's balance row */
  static BalanceKey quotaKey(BalanceKey balance) {
    return new BalanceKey(balance.account(), balance.currency() + SUFFIX);
  }

  /**
   * Every entry needs its account's quota pot: a charge spends from it, a grant or lapse changes it,
   * and an ordinary deposit, which leaves it as it is, records the pot after it (and so the paid credit
   * after it, which the lock policy reads).
   *
   * @param balance an entry's balance row
   * @param e the entry
   * @return the rows to lock for it besides its balance row: its quota row
   */
  static List<BalanceKey> keysOf(BalanceKey balance, NewEntry e) {
    return List.of(quotaKey(balance));
  }

  /** @param entries entries the batch may reverse, as stored */
  void knowStored(Collection<LedgerEntry> entries) {
    for (LedgerEntry entry : entries) {
      quotaParts.put(entry.id().value(), EntryRows.minor(entry.quotaDelta()));
    }
  }

  /** @return the split of {@code e} against the quota as the batch's accepted entries left it; applies nothing */
  Split split(BalanceKey balance, NewEntry e) {
    Currency currency = e.delta().currency();
    long before = quotas.getOrDefault(quotaKey(balance), 0L);
    Long reversed = e.reverses() == null ? null : quotaParts.get(e.reverses().value());
    Money part = e.quotaPart(EntryRows.money(before, currency), reversed == null ? null : EntryRows.money(reversed, currency));
    long quota = EntryRows.minor(part);
    return new Split(EntryRows.minor(e.bookedDelta(part)), quota, Math.addExact(before, quota));
  }

  /**
   * Records an accepted entry's split: the batch's later entries see the pot it left. A pot the
   * entry leaves as it was is not written (most charges of accounts without quota).
   */
  void accept(BalanceKey balance, NewEntry e, Split split) {
    quotaParts.put(e.id().value(), split.quotaMinor());
    if (split.quotaMinor() != 0) {
      quotas.put(quotaKey(balance), split.quotaAfterMinor());
      changed.put(quotaKey(balance), split.quotaAfterMinor());
    }
  }

  /** @return the quota rows the accepted entries changed, with their new values */
  Map<BalanceKey, Long> changed() {
    return changed;
  }

  /** @return the entry as stored, with the balance after it */
  static LedgerEntry stored(NewEntry e, Split split, long balanceAfter) {
    Currency currency = e.delta().currency();
    return e.toEntry(EntryRows.money(balanceAfter, currency), EntryRows.money(split.quotaMinor(), currency),
        EntryRows.money(split.quotaAfterMinor(), currency));
  }
}
