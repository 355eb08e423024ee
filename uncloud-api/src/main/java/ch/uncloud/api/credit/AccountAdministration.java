package ch.uncloud.api.credit;

import ch.uncloud.api.Username;

/**
 * Accounts as administrators see them: search by name, one account's balance, lock state and recent
 * entries, and its statement. Scoping: an admin who owns at least one service sees every account's
 * balance and lock state, but only the entries of the services they own; a reader (an admin named in
 * {@code uncloud.admins.readers}) sees every entry; an admin who is neither is refused. Thread-safe.
 * Obtain it from {@link ch.uncloud.api.Uncloud#accounts()}.
 */
public interface AccountAdministration {
  /** How many entries {@link #account} shows at most. */
  int RECENT_ENTRIES = 20;

  /** The most accounts one search page may hold. */
  int MAX_SEARCH_LIMIT = 1000;

  /**
   * Finds the accounts with ledger entries whose name starts with a prefix (ignoring case), sorted by name,
   * and the directory user the whole prefix names (in any spelling the directory matches) even before
   * their first entry, with a balance of zero.
   *
   * @param session an admin session
   * @param prefix the start of the name; empty for every account
   * @param limit the most accounts on one page, 1 to {@link #MAX_SEARCH_LIMIT}
   * @param cursor {@code null} for the first page, else the {@link AccountSearchPage#nextCursor()} of the page before
   * @return one page of accounts with their balances
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin owns no service and is no reader
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if the limit is out of range or
   *     the cursor is not one this search handed out
   */
  AccountSearchPage search(AdminSession session, String prefix, int limit, String cursor);

  /**
   * @param session an admin session
   * @param user the user, in any spelling the directory matches
   * @return the account's balance, lock state and its latest {@link #RECENT_ENTRIES} entries the admin may see
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin owns no service and is no reader
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_user}) if the user is not in the directory
   */
  AccountOverview account(AdminSession session, Username user);

  /**
   * The account's statement as its owner sees it ({@link Statements}), limited to the entries the admin may see.
   *
   * @param session an admin session
   * @param user the user, in any spelling the directory matches
   * @param query the period, service and page
   * @return one page of entries
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin owns no service and is
   *     no reader, or asks for a service they do not own without being a reader
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_user}) if the user is not in the directory
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if the cursor is not one of this statement's
   */
  StatementPage statement(AdminSession session, Username user, StatementQuery query);
}
