package ch.uncloud.core.internal;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.api.credit.Statements;
import ch.uncloud.spi.Ledger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Statements over the ledger's entries of one account: filtered by period and service, paged by a
 * cursor that names the last entry of the page before (opaque to callers), so entries booked while
 * a person pages appear at the end and none is shown twice.
 */
public final class CoreStatements implements Statements {
  private final Ledger ledger;

  /** @param ledger the ledger */
  public CoreStatements(Ledger ledger) {
    this.ledger = ledger;
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
    List<LedgerEntry> matching = new ArrayList<>();
    for (LedgerEntry entry : ledger.entries(account)) {
      if (!entry.bookedAt().isBefore(query.from()) && entry.bookedAt().isBefore(query.to())
          && (query.service() == null || query.service().equals(entry.service()))
          && (visible == null || visible.contains(entry.service()))) {
        matching.add(entry);
      }
    }
    int start = query.cursor() == null ? 0 : after(matching, query.cursor());
    int end = Math.min(matching.size(), start + query.limit());
    String next = end < matching.size() ? cursorAfter(matching.get(end - 1)) : null;
    return new StatementPage(matching.subList(start, end), next);
  }

  private static int after(List<LedgerEntry> entries, String cursor) {
    String id;
    try {
      id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).id().toString().equals(id)) {
        return i + 1;
      }
    }
    throw badCursor();
  }

  private static String cursorAfter(LedgerEntry last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(last.id().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static InvalidRequestException badCursor() {
    return new InvalidRequestException("invalid_argument", "the cursor is not one of this statement's; start again "
        + "without a cursor and pass on each page's next_cursor");
  }
}
