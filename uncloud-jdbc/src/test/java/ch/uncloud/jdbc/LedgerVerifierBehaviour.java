package ch.uncloud.jdbc;

import static ch.uncloud.jdbc.LedgerFinding.Kind.BALANCE_NOT_SUM;
import static ch.uncloud.jdbc.LedgerFinding.Kind.DELIVERY_WITHOUT_EVENT;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_CAPTURE_MISMATCH;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_END_WITHOUT_HOLD;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_KEY_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.KEY_BOOKED_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.QUOTA_NOT_SUM;
import static ch.uncloud.jdbc.LedgerFinding.Kind.QUOTA_PART_INVALID;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSAL_MISMATCH;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSAL_TARGET_MISSING;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSED_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.RUNNING_BALANCE_BROKEN;
import static ch.uncloud.jdbc.LedgerFinding.Kind.RUNNING_QUOTA_BROKEN;
import static ch.uncloud.jdbc.LedgerFinding.Kind.SCHEMA_VERSION_MISSING;
import static ch.uncloud.jdbc.LedgerFinding.Kind.SCHEMA_VERSION_UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Pot;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Books a ledger with every kind of row (deposits, keyed charges, reversals, a quota grant and split
 * charges, a captured and a released hold), then damages its database by raw SQL, one invariant at a
 * time, and expects exactly the finding that names the damage. SQLite and PostgreSQL run it.
 */
abstract class LedgerVerifierBehaviour {
  JdbcLedger ledger;
  LedgerEntry aliceCharge1;
  LedgerEntry aliceCharge2;
  LedgerEntry aliceReversal1;
  LedgerEntry aliceReversal2;
  LedgerEntry bobCharge1;
  LedgerEntry bobCharge2;
  LedgerEntry bobCharge3;
  LedgerEntry carolSplit;
  LedgerEntry carolLast;
  Hold captured;

  abstract JdbcLedger open();

  abstract Connection raw() throws SQLException;

  /** Drops what keeps a table append-only, so that a test can damage its rows. */
  abstract void allowUpdates(Statement st, String table) throws SQLException;

  /** Drops a foreign key, which SQLite does not check on a raw connection anyway. */
  abstract void dropForeignKey(Statement st, String table, String constraint) throws SQLException;

  @BeforeEach
  void book() {
    ledger = open();
    ledger.post(Entries.deposit("alice", "20.00"));
    aliceCharge1 = ledger.post(Entries.charge("alice", "2.00", "k1")).entry();
    aliceCharge2 = ledger.post(Entries.charge("alice", "2.00", "k2")).entry();
    aliceReversal1 = ledger.post(Entries.reversal(aliceCharge1, "r1")).entry();
    aliceReversal2 = ledger.post(Entries.reversal(aliceCharge2, null)).entry();
    Hold held = ledger.reserve(hold("alice", "5.00", "h1"), null);
    ledger.capture(held.id(), Entries.charge("alice", "3.00", "capture-h1"));
    captured = ledger.findHold(held.id()).orElseThrow();
    Hold released = ledger.reserve(hold("alice", "1.00", "h2"), null);
    ledger.release(released.id(), Entries.T0.plusSeconds(60));

    ledger.post(Entries.deposit("bob", "10.00"));
    bobCharge1 = ledger.post(Entries.charge("bob", "1.50", "k3")).entry();
    bobCharge2 = ledger.post(Entries.charge("bob", "0.50", null)).entry();
    bobCharge3 = ledger.post(Entries.charge("bob", "0.25", null)).entry();

    ledger.post(new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("uncloud-quota"),
        Username.of("carol"), Money.of("5.00", "CHF"), "grant", "uncloud-quota", Entries.T0,
        IdempotencyKey.of("quota-grant:g:FS2026:carol"), null, null, Pot.QUOTA, null));
    ledger.post(Entries.charge("carol", "3.00", "c1"));
    ledger.post(Entries.deposit("carol", "1.00")); // paid credit: the quota pot after it is still 2.00
    carolSplit = ledger.post(Entries.charge("carol", "4.00", "c2")).entry();
    carolLast = ledger.post(Entries.reversal(carolSplit, "c2-storno")).entry();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  @DisplayName("a ledger after deposits, charges, reversals, quota and holds verifies clean")
  void cleanLedgerVerifiesClean() throws SQLException {
    assertThat(carolSplit.quotaDelta()).isEqualTo(Money.of("-2.00", "CHF"));
    LedgerVerification report = verify();

    assertThat(report.findings()).isEmpty();
    assertThat(report.clean()).isTrue();
    assertThat(report.schemaVersion()).isEqualTo(new SchemaMigrator(new SqliteDialect()).latestVersion());
    assertThat(report.entries()).isEqualTo(15);
    assertThat(report.describe()).contains("15 entries").contains("clean");
  }

  @Test
  @DisplayName("an entry's amount changed afterwards breaks its running balance and its account's sum")
  void changedAmount() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.executeUpdate("UPDATE ledger_entry SET amount_minor = -60 WHERE id = '" + bobCharge2.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id)
        .containsExactly(
            tuple(RUNNING_BALANCE_BROKEN, "bob", bobCharge2.id().value()),
            tuple(BALANCE_NOT_SUM, "bob", null));
    assertThat(verify().findings(BALANCE_NOT_SUM).get(0).detail())
        .isEqualTo("balance is 7.75 CHF, but its entries add up to 7.65 CHF");
  }

  @Test
  @DisplayName("a balance after that does not follow from the entry before breaks the chain on both sides of it")
  void brokenRunningBalance() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.executeUpdate("UPDATE ledger_entry SET balance_after_minor = balance_after_minor + 1 WHERE id = '"
          + bobCharge2.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id)
        .containsExactly(
            tuple(RUNNING_BALANCE_BROKEN, "bob", bobCharge2.id().value()),
            tuple(RUNNING_BALANCE_BROKEN, "bob", bobCharge3.id().value()));
  }

  @Test
  @DisplayName("a balance row that differs from its entries' sum is found")
  void balanceRowNotSum() throws SQLException {
    sql(st -> st.executeUpdate("UPDATE account_balance SET balance_minor = balance_minor + 100 "
        + "WHERE account = 'alice' AND currency = 'CHF'"));

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::currency)
        .containsExactly(tuple(BALANCE_NOT_SUM, "alice", "CHF"));
  }

  @Test
  @DisplayName("a quota pot that differs from its entries' quota parts is found")
  void quotaPotNotSum() throws SQLException {
    sql(st -> st.executeUpdate("UPDATE account_balance SET balance_minor = 999 "
        + "WHERE account = 'carol' AND currency = 'CHF:quota'"));

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::detail)
        .containsExactly(tuple(QUOTA_NOT_SUM, "carol", "quota pot is 9.99 CHF, but its entries' quota parts add up to 2.00 CHF"));
  }

  @Test
  @DisplayName("a quota pot after an entry that does not follow from the quota parts before it is found")
  void brokenRunningQuota() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.executeUpdate("UPDATE ledger_entry SET quota_after_minor = 7 WHERE id = '" + carolLast.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id)
        .containsExactly(tuple(RUNNING_QUOTA_BROKEN, "carol", carolLast.id().value()));
  }

  @Test
  @DisplayName("a quota part larger than its entry's amount is found")
  void quotaPartInvalid() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      // bob has no quota: a part of -1.00 on a charge of -0.25, with the pot after it to match
      st.executeUpdate("UPDATE ledger_entry SET quota_minor = -100, quota_after_minor = -100 WHERE id = '"
          + bobCharge3.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id)
        .containsExactly(
            tuple(QUOTA_PART_INVALID, "bob", bobCharge3.id().value()),
            tuple(QUOTA_NOT_SUM, "bob", null));
  }

  @Test
  @DisplayName("a reversal pointing at an entry that does not exist is found")
  void reversalOfMissingEntry() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      dropForeignKey(st, "ledger_entry", "ledger_entry_reverses_fkey");
      st.executeUpdate("UPDATE ledger_entry SET reverses = 'no-such-entry' WHERE id = '" + aliceReversal1.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id, LedgerFinding::detail)
        .containsExactly(tuple(REVERSAL_TARGET_MISSING, aliceReversal1.id().value(),
            "reverses entry no-such-entry, which does not exist"));
  }

  @Test
  @DisplayName("a reversal pointing at another account's entry does not undo it and is found")
  void reversalOfAnotherAccountsEntry() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.executeUpdate("UPDATE ledger_entry SET reverses = '" + bobCharge1.id().value() + "' WHERE id = '"
          + aliceReversal1.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id, LedgerFinding::detail)
        .containsExactly(tuple(REVERSAL_MISMATCH, aliceReversal1.id().value(), "reverses entry "
            + bobCharge1.id().value() + ", but the original is on account bob; its amount 2.00 CHF does not undo "
            + "the original's -1.50 CHF"));
  }

  @Test
  @DisplayName("two reversals of one entry are found once the unique index is gone")
  void reversedTwice() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.execute("DROP INDEX ledger_entry_reverses");
      st.executeUpdate("UPDATE ledger_entry SET reverses = '" + aliceCharge1.id().value() + "' WHERE id = '"
          + aliceReversal2.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id)
        .containsExactly(tuple(REVERSED_TWICE, aliceCharge1.id().value()));
  }

  @Test
  @DisplayName("one idempotency key on two entries is found once the unique index is gone")
  void keyBookedTwice() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_entry");
      st.execute("DROP INDEX ledger_entry_key");
      st.executeUpdate("UPDATE ledger_entry SET idempotency_key = 'k1' WHERE id = '" + bobCharge1.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id,
            LedgerFinding::detail)
        .containsExactly(tuple(KEY_BOOKED_TWICE, "bob", bobCharge1.id().value(), "service 3dprint has idempotency key "
            + "'k1' on two entries: " + aliceCharge1.id().value() + " and " + bobCharge1.id().value()));
  }

  @Test
  @DisplayName("a schema version this code does not know is found")
  void unknownSchemaVersion() throws SQLException {
    sql(st -> st.executeUpdate("INSERT INTO uncloud_schema_version (version, description, applied_at) "
        + "VALUES (99, 'from the future', '2030-01-01T00:00:00Z')"));

    LedgerVerification report = verify();
    assertThat(report.findings()).extracting(LedgerFinding::kind).containsExactly(SCHEMA_VERSION_UNKNOWN);
    assertThat(report.findings().get(0).detail()).startsWith("schema version 99 is recorded, but this uncloud-jdbc knows versions [1, 2,");
    assertThat(report.schemaVersion()).isEqualTo(new SchemaMigrator(new SqliteDialect()).latestVersion());
  }

  @Test
  @DisplayName("a schema version skipped below the newest is found")
  void missingSchemaVersion() throws SQLException {
    sql(st -> st.executeUpdate("DELETE FROM uncloud_schema_version WHERE version = 5"));

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::detail)
        .containsExactly(tuple(SCHEMA_VERSION_MISSING, "schema version 5 is not recorded, though version "
            + new SchemaMigrator(new SqliteDialect()).latestVersion() + " is"));
  }

  @Test
  @DisplayName("a hold's end without its hold is found")
  void holdEndWithoutHold() throws SQLException {
    sql(st -> {
      dropForeignKey(st, "ledger_hold_end", "ledger_hold_end_hold_id_fkey");
      st.executeUpdate("INSERT INTO ledger_hold_end (hold_id, kind, ended_at_ns, entry_id) VALUES ('no-such-hold', 'RELEASED', 0, NULL)");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id)
        .containsExactly(tuple(HOLD_END_WITHOUT_HOLD, "no-such-hold"));
  }

  @Test
  @DisplayName("a captured hold whose entry is another account's is found")
  void captureOnAnotherAccount() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_hold_end");
      st.executeUpdate("UPDATE ledger_hold_end SET entry_id = '" + bobCharge1.id().value() + "' WHERE hold_id = '"
          + captured.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id,
            LedgerFinding::detail)
        .containsExactly(tuple(HOLD_CAPTURE_MISMATCH, "alice", captured.id().value(), "its capture, entry "
            + bobCharge1.id().value() + ", is on account bob in CHF"));
  }

  @Test
  @DisplayName("a captured hold whose entry books more than was held is found")
  void captureAboveHold() throws SQLException {
    sql(st -> {
      allowUpdates(st, "ledger_hold");
      st.executeUpdate("UPDATE ledger_hold SET amount_minor = 100 WHERE id = '" + captured.id().value() + "'");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id, LedgerFinding::detail)
        .containsExactly(tuple(HOLD_CAPTURE_MISMATCH, captured.id().value(), "its capture, entry "
            + captured.capture().value() + ", books -3.00 CHF, more than the held 1.00 CHF"));
  }

  @Test
  @DisplayName("one idempotency key on two holds is found once the unique index is gone")
  void holdKeyTwice() throws SQLException {
    sql(st -> {
      st.execute("DROP INDEX ledger_hold_key");
      st.executeUpdate("INSERT INTO ledger_hold (id, service, account, currency, amount_minor, comment, principal, "
          + "created_at_ns, expires_at_ns, idempotency_key) VALUES ('hold-copy', '3dprint', 'alice', 'CHF', 100, "
          + "'copy', 'raplab', 1900000000000000000, 1900000000000000001, 'h1')");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::id)
        .containsExactly(tuple(HOLD_KEY_TWICE, "hold-copy"));
  }

  @Test
  @DisplayName("an outbox delivery of an event that does not exist is found")
  void deliveryWithoutEvent() throws SQLException {
    sql(st -> {
      dropForeignKey(st, "event_delivery", "event_delivery_seq_fkey");
      st.executeUpdate("INSERT INTO event_delivery (sink, seq, account, state, attempts, next_attempt_ns) "
          + "VALUES ('sink-1', 999, 'alice', 'PENDING', 0, 0)");
    });

    assertThat(verify().findings()).extracting(LedgerFinding::kind, LedgerFinding::account, LedgerFinding::id)
        .containsExactly(tuple(DELIVERY_WITHOUT_EVENT, "alice", "999"));
  }

  @Test
  @DisplayName("a finding names rows and amounts only, never a booking's comment or principal")
  void findingsCarryNoComments() throws SQLException {
    sql(st -> st.executeUpdate("UPDATE account_balance SET balance_minor = 1 WHERE account = 'bob'"));

    assertThat(verify().describe()).contains("balance_not_sum account=bob currency=CHF")
        .doesNotContain("print job").doesNotContain("raplab");
  }

  private LedgerVerification verify() throws SQLException {
    try (Connection c = raw()) {
      return LedgerVerifier.verify(c);
    }
  }

  private void sql(SqlWork work) throws SQLException {
    try (Connection c = raw(); Statement st = c.createStatement()) {
      work.run(st);
    }
  }

  private static Hold hold(String account, String amount, String key) {
    return new Hold(HoldId.random(), ServiceName.of("3dprint"), Username.of(account), Money.of(amount, "CHF"),
        "hold " + amount, "raplab", Entries.T0, Entries.T0.plus(Duration.ofHours(1)), IdempotencyKey.of(key),
        null, null, null, false);
  }

  @FunctionalInterface
  interface SqlWork {
    void run(Statement st) throws SQLException;
  }
}
