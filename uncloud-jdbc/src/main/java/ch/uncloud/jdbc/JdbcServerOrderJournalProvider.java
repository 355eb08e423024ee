package ch.uncloud.jdbc;

import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrderJournal;
import ch.uncloud.spi.ServerOrderJournalProvider;
import java.util.List;

/**
 * Discovers {@link JdbcServerOrderJournal} as the server order journal named {@code jdbc}
 * ({@code uncloud.server-order-journal=jdbc}), configured with the ledger's keys so that the OVH
 * order journal lives in the ledger's database: {@code uncloud.jdbc.url} (required),
 * {@code uncloud.jdbc.user}, {@code uncloud.jdbc.password} (secret reference) and the pool and
 * timeout keys {@link JdbcSnapshotRecordsProvider} reads.
 */
public final class JdbcServerOrderJournalProvider implements ServerOrderJournalProvider {

  /** Creates the provider (ServiceLoader calls this). */
  public JdbcServerOrderJournalProvider() {}

  @Override
  public String name() {
    return "jdbc";
  }

  /** Checks the {@code uncloud.jdbc.*} keys without connecting. */
  @Override
  public List<String> configurationProblems(ProviderConfig config) {
    return JdbcConfig.problems(config);
  }

  /**
   * @param config the configuration
   * @return the open journal
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  @Override
  public ServerOrderJournal create(ProviderConfig config) {
    return JdbcConfig.configure(config, JdbcServerOrderJournal.builder()).build();
  }
}
