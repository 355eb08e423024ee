package ch.uncloud.jdbc;

import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.PaymentRecordsProvider;
import ch.uncloud.spi.ProviderConfig;
import java.util.List;

/**
 * Discovers {@link JdbcPaymentRecords} as the payment records named {@code jdbc}
 * ({@code uncloud.payment-records=jdbc}), configured with the ledger's keys so that customer ids,
 * applied events and the ledger live in one database: {@code uncloud.jdbc.url} (required),
 * {@code uncloud.jdbc.user}, {@code uncloud.jdbc.password} (secret reference),
 * {@code uncloud.jdbc.pool-size} (default 4), {@code uncloud.jdbc.busy-timeout-ms} (default 10000)
 * and {@code uncloud.jdbc.connect-timeout-ms} (default 5000). The ledger-only keys
 * ({@code max-batch}, {@code writers}) are checked but unused.
 */
public final class JdbcPaymentRecordsProvider implements PaymentRecordsProvider {

  /** Creates the provider (ServiceLoader calls this). */
  public JdbcPaymentRecordsProvider() {}

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
   * @return open records
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  @Override
  public PaymentRecords create(ProviderConfig config) {
    return JdbcConfig.configure(config, JdbcPaymentRecords.builder()).build();
  }
}
