package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.testkit.SnapshotRecordsContract;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Snapshot records contract on PostgreSQL")
class PostgresSnapshotRecordsContractTest extends SnapshotRecordsContract {
  private JdbcSnapshotBooks books;

  @Override
  protected SnapshotRecords newRecords() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    books = JdbcSnapshotBooks.postgres(server.newSchemaUrl(), server.user(), Secret.of("unused-with-trust"));
    return books.records();
  }

  @AfterEach
  void close() {
    books.close();
  }
}
