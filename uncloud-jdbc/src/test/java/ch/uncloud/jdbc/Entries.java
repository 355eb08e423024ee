package ch.uncloud.jdbc;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import java.time.Instant;

/** Builds entries for the tests. */
final class Entries {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

  private Entries() {}

  static NewEntry charge(String account, String amount, String key) {
    return charge("3dprint", account, amount, key, T0);
  }

  static NewEntry charge(String service, String account, String amount, String key, Instant at) {
    return new NewEntry(EntryId.random(), EntryKind.CHARGE, ServiceName.of(service), Username.of(account),
        Money.of(amount, "CHF").negate(), "print job", "raplab", at, key == null ? null : IdempotencyKey.of(key),
        null);
  }

  static NewEntry deposit(String account, String amount) {
    return new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("cashier"), Username.of(account),
        Money.of(amount, "CHF"), "cash", "raplab", T0, null, null);
  }

  static NewEntry reversal(LedgerEntry of, String key) {
    return new NewEntry(EntryId.random(), EntryKind.REVERSAL, of.service(), of.account(), of.delta().negate(),
        "storno", "raplab", T0, key == null ? null : IdempotencyKey.of(key), of.id());
  }

  static NewEntry reversalOf(EntryId unknown) {
    return new NewEntry(EntryId.random(), EntryKind.REVERSAL, ServiceName.of("3dprint"), Username.of("alice"),
        Money.of("1.00", "CHF"), "storno", "raplab", T0, null, unknown);
  }
}
