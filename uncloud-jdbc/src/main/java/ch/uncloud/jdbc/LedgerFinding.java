package ch.uncloud.jdbc;

import java.util.Objects;

/**
 * One thing {@link LedgerVerifier} found wrong in a ledger's database. It names rows by account,
 * currency and entry (or hold) id only; it never carries a comment, a principal or any secret.
 *
 * @param kind what is wrong
 * @param account the account concerned, or {@code null} if none (a schema finding)
 * @param currency the currency of the balance row concerned, or {@code null}
 * @param id the entry, hold or event concerned, or {@code null}
 * @param detail the expected and the found values, for a person to read
 */
public record LedgerFinding(Kind kind, String account, String currency, String id, String detail) {
  /** What a finding is about; each is one invariant of the ledger's schema. */
  public enum Kind {
    /** The schema version table is missing, or records a version this uncloud-jdbc does not know. */
    SCHEMA_VERSION_UNKNOWN,
    /** A schema version older than the newest recorded one is not recorded (a step skipped by hand). */
    SCHEMA_VERSION_MISSING,
    /** An account's balance row differs from the sum of its entries (or entries have no balance row). */
    BALANCE_NOT_SUM,
    /** An account's quota pot row differs from the sum of its entries' quota parts. */
    QUOTA_NOT_SUM,
    /** An entry's balance after it is not the previous entry's balance after plus its amount. */
    RUNNING_BALANCE_BROKEN,
    /** An entry's quota pot after it is not the previous pot plus its quota part. */
    RUNNING_QUOTA_BROKEN,
    /** An entry's quota part is not part of its amount (another sign, or larger). */
    QUOTA_PART_INVALID,
    /** A reversal points at an entry that does not exist. */
    REVERSAL_TARGET_MISSING,
    /** A reversal does not undo its original: another account, currency or amount, or not a reversal. */
    REVERSAL_MISMATCH,
    /** Two reversals point at the same entry. */
    REVERSED_TWICE,
    /** One idempotency key of one service is on two entries. */
    KEY_BOOKED_TWICE,
    /** A hold's end names a hold that does not exist. */
    HOLD_END_WITHOUT_HOLD,
    /** A captured hold's entry is missing, on another account or currency, or larger than the hold. */
    HOLD_CAPTURE_MISMATCH,
    /** One idempotency key of one service is on two holds. */
    HOLD_KEY_TWICE,
    /** A pending or parked delivery names an outbox event that does not exist. */
    DELIVERY_WITHOUT_EVENT
  }

  /**
   * @throws NullPointerException if {@code kind} or {@code detail} is null
   */
  public LedgerFinding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** @return one line: the kind, then where, then the detail */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (account != null) {
      line.append(" account=").append(account);
    }
    if (currency != null) {
      line.append(" currency=").append(currency);
    }
    if (id != null) {
      line.append(" id=").append(id);
    }
    return line.append(": ").append(detail).toString();
  }
}
