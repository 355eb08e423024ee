package ch.uncloud.api.credit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an account's statement.
 *
 * @param entries the entries, in booking order
 * @param nextCursor the cursor of the next page, or {@code null} if this is the last one
 */
public record StatementPage(List<LedgerEntry> entries, String nextCursor) {
  /**
   * Copies the entries; each component is described with the record.
   *
   * @param entries the entries, in booking order
   * @param nextCursor the cursor of the next page, or {@code null} if this is the last one
   */
  public StatementPage {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /** @return the cursor of the next page, empty on the last page */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
