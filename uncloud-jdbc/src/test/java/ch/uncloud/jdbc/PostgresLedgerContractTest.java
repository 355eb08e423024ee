package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.Ledger;
import ch.uncloud.testkit.LedgerContract;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Ledger contract on PostgreSQL")
class PostgresLedgerContractTest extends LedgerContract {
  @Override
  protected Ledger newLedger() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    return JdbcLedger.postgres(server.newSchemaUrl(), server.user(), Secret.of("unused-with-trust"));
  }

  @Override
  protected int concurrency() {
    return 16;
  }
}
