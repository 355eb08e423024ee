package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.api.credit.Statements;
import ch.uncloud.spi.AccountEntriesQuery;
import ch.uncloud.spi.Ledger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Statements over the ledger's entries of one account: filtered by period and service and paged by
 * the ledger ({@link Ledger#entries(AccountEntriesQuery)}), by a cursor that names the last entry of the
 * page before (opaque to callers), so entries booked while a person pages appear at the end and none
 * is shown twice.
 */
public final class CoreStatements implements Statements {
  private final Ledger ledger;
  private final Clock clock;

  /**
   * @param ledger the ledger
   * @param clock decides which holds have expired
   */
  public CoreStatements(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public List<Hold> openHolds(Username account) {
    return ledger.openHolds(account, clock.instant());
  }

  @Override
  public StatementPage page(Username account, StatementQuery query) {
    return page(account, query, null);
  }

  /**
   * @param account the account
   * @param query the period, service and page
   * @param visible only entries of these services, or {@code null} for all
   * @return one page of the entries
   */
  StatementPage page(Username account, StatementQuery query, Set<ServiceName> visible) {
    Set<ServiceName> services;
    if (query.service() != null) {
      services = visible == null || visible.contains(query.service()) ? Set.of(query.service()) : Set.of();
    } else {
      services = visible == null ? Set.of() : visible;
    }
    if (visible != null && services.isEmpty()) {
      return new StatementPage(List.of(), null); // an empty set asks the ledger for every service
    }
    EntryId after = query.cursor() == null ? null : after(account, query.cursor());
    List<LedgerEntry> entries = ledger.entries(new AccountEntriesQuery(account, query.from(), query.to(), services,
        after, query.limit() + 1));
    if (entries.size() <= query.limit()) {
      return new StatementPage(entries, null);
    }
    List<LedgerEntry> page = entries.subList(0, query.limit());
    return new StatementPage(page, cursorAfter(page.get(page.size() - 1)));
  }

  private EntryId after(Username account, String cursor) {
    try {
      EntryId id = EntryId.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      return ledger.find(id).filter(e -> e.account().equals(account)).map(LedgerEntry::id).orElseThrow(
          CoreStatements::badCursor);
    } catch (IllegalArgumentException | InvalidRequestException e) {
      throw badCursor();
    }
  }

  private static String cursorAfter(LedgerEntry last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(last.id().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static InvalidRequestException badCursor() {
    return new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the cursor is not one of this statement's; start "
        + "again without a cursor and pass on each page's next_cursor");
  }
}
