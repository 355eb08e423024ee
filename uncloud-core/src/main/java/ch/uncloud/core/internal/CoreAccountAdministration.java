package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountAdministration;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AccountOverview;
import ch.uncloud.api.credit.AccountSearchPage;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.spi.AccountEntriesQuery;
import ch.uncloud.spi.Ledger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts for admins, scoped by {@link CoreCreditService#visibleServices}: readers see every entry,
 * owners the entries of their services, others nothing.
 */
public final class CoreAccountAdministration implements AccountAdministration {
  private final CoreCreditService credit;
  private final CoreStatements statements;
  private final Ledger ledger;

  /**
   * @param credit the credit service that issued the sessions
   * @param statements the statements
   * @param ledger the ledger
   */
  public CoreAccountAdministration(CoreCreditService credit, CoreStatements statements, Ledger ledger) {
    this.credit = credit;
    this.statements = statements;
    this.ledger = ledger;
  }

  @Override
  public AccountSearchPage search(AdminSession session, String prefix, int limit, String cursor) {
    credit.visibleServices(session);
    if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the limit must be 1 to " + MAX_SEARCH_LIMIT
          + ", not " + limit);
    }
    String start = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
    String after = cursor == null ? null : decode(cursor);
    List<AccountBalance> matching = new ArrayList<>();
    Set<Username> withEntries = new HashSet<>();
    for (AccountBalance account : ledger.balances(credit.currency())) {
      withEntries.add(account.account());
      if (matches(account, start, after)) {
        matching.add(account);
      }
    }
    directoryUserNamed(prefix).filter(user -> !withEntries.contains(user))
        .map(user -> new AccountBalance(user, Money.zero(credit.currency())))
        .filter(account -> matches(account, start, after)).ifPresent(matching::add);
    matching.sort(Comparator.comparing(a -> a.account().value()));
    if (matching.size() <= limit) {
      return new AccountSearchPage(matching, null);
    }
    List<AccountBalance> page = matching.subList(0, limit);
    return new AccountSearchPage(page, encode(page.get(limit - 1).account().value()));
  }

  private static boolean matches(AccountBalance account, String start, String after) {
    String name = account.account().value();
    return name.toLowerCase(Locale.ROOT).startsWith(start) && (after == null || name.compareTo(after) > 0);
  }

  /** The directory user the whole prefix names, who may have no entries yet; none for a prefix no user could have. */
  private Optional<Username> directoryUserNamed(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      return Optional.empty();
    }
    try {
      return credit.knownUsers().find(Username.of(prefix));
    } catch (InvalidRequestException notAName) {
      return Optional.empty();
    }
  }

  @Override
  public AccountOverview account(AdminSession session, Username user) {
    Set<ServiceName> visible = credit.visibleServices(session);
    var account = credit.status(user);
    if (visible != null && visible.isEmpty()) {
      return new AccountOverview(account, List.of()); // an empty set asks the ledger for every service
    }
    List<LedgerEntry> recent = new ArrayList<>(ledger.entries(
        AccountEntriesQuery.latest(account.user(), visible == null ? Set.of() : visible, RECENT_ENTRIES)));
    Collections.reverse(recent);
    return new AccountOverview(account, recent);
  }

  @Override
  public StatementPage statement(AdminSession session, Username user, StatementQuery query) {
    Set<ServiceName> visible = credit.visibleServices(session);
    if (visible != null && query.service() != null && !visible.contains(query.service())) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " does not own service "
          + query.service() + "; only its owners and readers (uncloud.admins.readers) may read its entries");
    }
    return statements.page(credit.canonical(user), query, visible);
  }

  private static String encode(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the cursor is not one of this search's; start "
          + "again without a cursor and pass on each page's next_cursor");
    }
  }
}
