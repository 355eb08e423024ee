package ch.uncloud.api.credit;

import ch.uncloud.api.Username;
import java.util.List;

/**
 * What {@code CreditService.reconcileLocks()} found and repaired.
 *
 * @param checked accounts compared with the ledger
 * @param corrected flags that were wrong and have been rewritten
 * @param failed accounts whose flag could not be written (the directory failed); run again later
 */
public record LockReconciliation(int checked, List<Username> corrected, List<Username> failed) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param checked accounts compared with the ledger
   * @param corrected flags that were wrong and have been rewritten
   * @param failed accounts whose flag could not be written (the directory failed); run again later
   */
  public LockReconciliation {
    corrected = List.copyOf(corrected);
    failed = List.copyOf(failed);
  }
}
