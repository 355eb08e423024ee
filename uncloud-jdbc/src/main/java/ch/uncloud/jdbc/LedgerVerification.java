package ch.uncloud.jdbc;

import java.util.List;

/**
 * What {@link LedgerVerifier} checked and found.
 *
 * @param database {@code SQLite} or {@code PostgreSQL}
 * @param schemaVersion the newest schema version the database records (0 if none)
 * @param entries how many ledger entries were checked
 * @param balanceRows how many balance rows (balances and quota pots) were checked
 * @param findings every problem found, in the order of the checks; empty if the ledger is sound
 */
public record LedgerVerification(String database, int schemaVersion, long entries, long balanceRows,
    List<LedgerFinding> findings) {
  /** Copies the findings. */
  public LedgerVerification {
    findings = List.copyOf(findings);
  }

  /** @return whether nothing was found */
  public boolean clean() {
    return findings.isEmpty();
  }

  /** @return the findings of one kind */
  public List<LedgerFinding> findings(LedgerFinding.Kind kind) {
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  /** @return a summary line, then one line per finding */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(database).append(" ledger, schema version ").append(schemaVersion).append(": ")
        .append(entries).append(" entries, ").append(balanceRows).append(" balance rows, ")
        .append(findings.isEmpty() ? "clean" : findings.size() + (findings.size() == 1 ? " finding" : " findings"))
        .append('\n');
    for (LedgerFinding finding : findings) {
      text.append("  ").append(finding).append('\n');
    }
    return text.toString();
  }
}
