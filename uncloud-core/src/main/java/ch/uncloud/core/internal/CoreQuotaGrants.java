package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Pot;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.QuotaGrantResult;
import ch.uncloud.api.credit.QuotaGrants;
import ch.uncloud.api.credit.QuotaPeriod;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The quota grants: each grant books once per period and member under the key
 * {@code quota-grant:NAME:PERIOD:USER} (a re-run, also after a crash, books only what is missing), and
 * what is left of a grant whose period has ended lapses under {@code quota-lapse:NAME:PERIOD:USER}.
 * Quota is spent oldest grant first, so a lapse keeps in the pot what later grants still live added.
 */
public final class CoreQuotaGrants implements QuotaGrants {
  static final String GRANT = "quota-grant:";
  static final String LAPSE = "quota-lapse:";
  /** The principal of the entries a run by an admin ({@code uncloud quota grant}) books. */
  public static final String PRINCIPAL = "uncloud-quota";
  /** The principal of the entries the gateway's schedule books: the system, with no admin logged in. */
  public static final String SCHEDULE_PRINCIPAL = "uncloud-schedule";

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final Clock clock;
  private final ZoneId zone;
  private final Currency currency;
  private final Map<String, QuotaGrant> grants;
  private final Consumer<AdminSession> sessions;

  /**
   * @param ledger the ledger
   * @param directory the directory, for the groups' members
   * @param clock the core clock
   * @param zone the zone periods are counted in
   * @param currency the ledger currency
   * @param grants the grants by name
   * @param sessions checks an admin session
   */
  public CoreQuotaGrants(Ledger ledger, AccountDirectory directory, Clock clock, ZoneId zone, Currency currency,
      Map<String, QuotaGrant> grants, Consumer<AdminSession> sessions) {
    this.ledger = ledger;
    this.directory = directory;
    this.clock = clock;
    this.zone = zone;
    this.currency = currency;
    this.grants = Map.copyOf(grants);
    this.sessions = sessions;
  }

  @Override
  public List<QuotaGrantResult> grant(AdminSession session, String period, boolean dryRun) {
    sessions.accept(session);
    return grantAs(PRINCIPAL, period, dryRun);
  }

  /**
   * Runs the grants for the current period of each as the system, with no admin session: the entry
   * point of the schedule. Its entries name {@value #SCHEDULE_PRINCIPAL} as their principal.
   *
   * @return one result per grant
   */
  public List<QuotaGrantResult> grantScheduled() {
    return grantAs(SCHEDULE_PRINCIPAL, null, false);
  }

  private List<QuotaGrantResult> grantAs(String principal, String period, boolean dryRun) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    List<QuotaGrant> matching = grants.values().stream()
        .filter(g -> period == null || g.period().names(period)).sorted(java.util.Comparator.comparing(QuotaGrant::name))
        .toList();
    if (period != null && matching.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "period '" + period + "' is no period of a "
          + "configured grant; write FS2026 or HS2026 for semesters, 2026-Q3 for quarters, 2026-03 for months");
    }
    List<QuotaGrantResult> results = new ArrayList<>();
    for (QuotaGrant grant : matching) {
      QuotaPeriod.Span span = period == null ? grant.period().of(today) : grant.period().parse(period);
      if (span.start().isAfter(today)) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "period " + span.label() + " starts on "
            + span.start() + "; a grant is booked once its period has started");
      }
      results.add(run(grant, span, today, now, principal, dryRun));
    }
    return results;
  }

  private QuotaGrantResult run(QuotaGrant grant, QuotaPeriod.Span span, LocalDate today, Instant now, String principal,
      boolean dryRun) {
    List<Username> members = directory.members(grant.group());
    int booked = 0;
    int already = 0;
    Money granted = Money.zero(currency);
    Money lapsed = Money.zero(currency);
    for (Username user : members) {
      List<LedgerEntry> entries = ledger.entries(user);
      lapsed = lapsed.plus(lapseExpired(user, entries, today, now, principal, dryRun));
      IdempotencyKey key = IdempotencyKey.of(GRANT + grant.name() + ":" + span.label() + ":" + user.value());
      if (entries.stream().anyMatch(e -> key.equals(e.idempotencyKey()))) {
        already++;
        continue;
      }
      NewEntry entry = new NewEntry(EntryId.random(), EntryKind.DEPOSIT, grant.service(), user, grant.amount(),
          "quota " + grant.name() + " " + span.label(), principal, now, key, null, null, Pot.QUOTA, grant.cap());
      if (dryRun) {
        granted = granted.plus(entry.quotaPart(ledger.quota(user, currency), null));
        booked++;
        continue;
      }
      var posting = ledger.post(entry);
      if (posting.replayed()) {
        already++;
      } else {
        booked++;
        granted = granted.plus(posting.entry().delta());
      }
    }
    return new QuotaGrantResult(grant.name(), span.label(), members.size(), booked, already, granted, lapsed, dryRun);
  }

  /** Books the lapse of every grant of {@code user} whose period has ended and that has not lapsed yet. */
  private Money lapseExpired(Username user, List<LedgerEntry> entries, LocalDate today, Instant now, String principal,
      boolean dryRun) {
    Set<String> keys = entries.stream().map(LedgerEntry::idempotencyKey).filter(java.util.Objects::nonNull)
        .map(IdempotencyKey::value).collect(Collectors.toSet());
    Money lapsed = Money.zero(currency);
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry granted = entries.get(i);
      Optional<QuotaPeriod.Span> expired = span(granted).filter(s -> !s.end().isAfter(today));
      if (expired.isEmpty() || !granted.delta().isPositive()) {
        continue;
      }
      String lapseKey = lapseKey(granted);
      if (keys.contains(lapseKey)) {
        continue;
      }
      Money later = Money.zero(currency); // what later grants not lapsed yet keep in the pot
      for (LedgerEntry next : entries.subList(i + 1, entries.size())) {
        if (span(next).isPresent() && !keys.contains(lapseKey(next))) {
          later = later.plus(next.delta());
        }
      }
      NewEntry lapse = new NewEntry(EntryId.random(), EntryKind.CHARGE, granted.service(), user,
          granted.delta().negate(), "quota lapsed: " + granted.comment(), principal, now, IdempotencyKey.of(lapseKey),
          null, null, Pot.QUOTA, later);
      Money part = dryRun ? lapse.quotaPart(ledger.quota(user, currency), null) : ledger.post(lapse).entry().delta();
      lapsed = lapsed.minus(part);
      keys.add(lapseKey);
    }
    return lapsed;
  }

  private static String lapseKey(LedgerEntry grantEntry) {
    return LAPSE + grantEntry.idempotencyKey().value().substring(GRANT.length());
  }

  /** @return the period of a grant entry of a configured grant */
  private Optional<QuotaPeriod.Span> span(LedgerEntry entry) {
    if (entry.pot() != Pot.QUOTA || entry.kind() != EntryKind.DEPOSIT || entry.idempotencyKey() == null
        || !entry.idempotencyKey().value().startsWith(GRANT)) {
      return Optional.empty();
    }
    String[] parts = entry.idempotencyKey().value().substring(GRANT.length()).split(":", 3);
    QuotaGrant grant = parts.length == 3 ? grants.get(parts[0]) : null;
    if (grant == null || !grant.period().names(parts[1])) {
      return Optional.empty();
    }
    return Optional.of(grant.period().parse(parts[1]));
  }
}
