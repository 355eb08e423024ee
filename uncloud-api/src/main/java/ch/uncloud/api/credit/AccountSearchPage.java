package ch.uncloud.api.credit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an account search.
 *
 * @param accounts the accounts with their balances, sorted by name
 * @param nextCursor the cursor of the next page, or {@code null} if this is the last one
 */
public record AccountSearchPage(List<AccountBalance> accounts, String nextCursor) {
  /**
   * Copies the accounts; each component is described with the record.
   *
   * @param accounts the accounts with their balances, sorted by name
   * @param nextCursor the cursor of the next page, or {@code null} if this is the last one
   */
  public AccountSearchPage {
    accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
  }

  /** @return the cursor of the next page, empty on the last page */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
