package ch.uncloud.ceph;

import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.testkit.SnapshotServiceContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's snapshot service over the RBD backend passes the snapshot service contract with its
 * records and billed usage in an SQLite file ({@link JdbcSnapshotBooks}), against a real one-node
 * Ceph cluster.
 */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotServiceJdbcBooksContractTest extends SnapshotServiceContract {
  @TempDir
  Path dir;
  private MicroCeph ceph;

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @Override
  protected Fixture newFixture(ServiceOptions options) {
    JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(dir.resolve(UUID.randomUUID() + ".db"));
    return new RbdSnapshotServiceContractTest.RbdFixture(ceph, options, books, () -> books.usage().usages());
  }
}
