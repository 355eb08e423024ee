package ch.uncloud.spi;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One page of one account's entries, as {@link Ledger#entries(AccountEntriesQuery)} reads it: those booked
 * in a period, of some services, after a given entry, in booking order; or newest first, from the latest
 * entry back (then {@code after} is where the previous page ended, and the page holds older entries).
 *
 * @param account the account
 * @param from the first booking instant, inclusive
 * @param to the end, exclusive
 * @param services only entries of these services; empty for every service
 * @param after only entries booked after this entry of the account (in booking order), or {@code null} from the first
 * @param limit the most entries to return, at least 1
 * @param newestFirst whether the page goes back from the latest entry instead of forward from the first
 */
public record AccountEntriesQuery(Username account, Instant from, Instant to, Set<ServiceName> services, EntryId after,
    int limit, boolean newestFirst) {
  /**
   * Checks and copies the components; each is described with the record.
   *
   * @param account the account
   * @param from the first booking instant, inclusive
   * @param to the end, exclusive
   * @param services only entries of these services; empty for every service
   * @param after only entries booked after this one, or {@code null}
   * @param limit the most entries to return, at least 1
   * @param newestFirst whether the page goes back from the latest entry
   */
  public AccountEntriesQuery {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    services = Set.copyOf(Objects.requireNonNull(services, "services"));
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
  }
  /**
   * A page in booking order, oldest first.
   *
   * @param account the account
   * @param from the first booking instant, inclusive
   * @param to the end, exclusive
   * @param services only entries of these services; empty for every service
   * @param after only entries booked after this one, or {@code null}
   * @param limit the most entries to return, at least 1
   */
  public AccountEntriesQuery(Username account, Instant from, Instant to, Set<ServiceName> services, EntryId after,
      int limit) {
    this(account, from, to, services, after, limit, false);
  }

  /**
   * @param account the account
   * @param services only entries of these services; empty for every service
   * @param limit the most entries to return, at least 1
   * @return the query for the account's latest entries of those services, newest first
   */
  public static AccountEntriesQuery latest(Username account, Set<ServiceName> services, int limit) {
    return new AccountEntriesQuery(account, Instant.MIN, Instant.MAX, services, null, limit, true);
  }


  /**
   * @param entry an entry of the account
   * @return whether it is booked in the period and of one of the services (the cursor is not checked)
   */
  public boolean matches(ch.uncloud.api.credit.LedgerEntry entry) {
    return !entry.bookedAt().isBefore(from) && entry.bookedAt().isBefore(to)
        && (services.isEmpty() || services.contains(entry.service()));
  }
}
