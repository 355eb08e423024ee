package ch.uncloud.spi;

import ch.uncloud.api.Username;
import java.util.List;
import java.util.Map;

/**
 * A user as the account directory knows it. Implementations are immutable snapshots; providers may
 * return richer types.
 */
public interface DirectoryEntry {
  /**
   * @return the user's name as the directory stores it (its canonical spelling), whichever spelling
   *     found the entry: the key for balances, bookings, orders and the lock flag
   */
  Username username();

  /**
   * @return a human-readable name, or the user name if the directory has none
   */
  String displayName();

  /**
   * @return the directory attributes the provider exposes (lower-case names to values), never
   *     including passwords
   */
  Map<String, List<String>> attributes();
}
