package ch.uncloud.api.credit;

import java.util.List;
import java.util.Objects;

/**
 * One account as an admin sees it.
 *
 * @param account the balance and lock state
 * @param recentEntries the latest entries the admin may see, oldest first
 */
public record AccountOverview(Account account, List<LedgerEntry> recentEntries) {
  /**
   * Copies the entries; each component is described with the record.
   *
   * @param account the balance and lock state
   * @param recentEntries the latest entries the admin may see, oldest first
   */
  public AccountOverview {
    Objects.requireNonNull(account, "account");
    recentEntries = List.copyOf(Objects.requireNonNull(recentEntries, "recentEntries"));
  }
}
