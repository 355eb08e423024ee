package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of its own, so the
 * ledger's writer does not pay for it inside its commits.
 *
 * <p>SQLite's automatic checkpoint runs in the committing connection: every thousand pages or so,
 * one commit also writes those pages into the database file and syncs it, and every caller of that
 * batch waits for it. Here a separate connection runs passive checkpoints (they never block the
 * writer) after a number of commits; the writer keeps a far larger automatic-checkpoint threshold
 * only as a backstop, and when it reaches it, most pages have already been copied. Durability is
 * unchanged: a commit is durable once its log frames are synced, whoever checkpoints later.
 */
final class WalCheckpointer implements AutoCloseable {
  /** Commits between two background checkpoints: about a thousand log pages at 16 entries each. */
  static final int COMMITS_PER_CHECKPOINT = 24;
  /** The writer's own threshold in pages, a backstop for when this thread falls behind. */
  static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final DataSource dataSource;
  private final Thread thread;
  private final AtomicInteger commitsSinceCheckpoint = new AtomicInteger();
  private volatile boolean closed;

  WalCheckpointer(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Called by the writer after each commit; wakes the checkpointer when enough have piled up. */
  void committed() {
    if (commitsSinceCheckpoint.incrementAndGet() == COMMITS_PER_CHECKPOINT) {
      LockSupport.unpark(thread);
    }
  }

  /** Stops the thread after a final checkpoint. Idempotent. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      while (!closed) {
        LockSupport.parkNanos(this, IDLE_NANOS);
        if (commitsSinceCheckpoint.getAndSet(0) > 0) {
          statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
      }
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      // the writer's backstop threshold keeps checkpointing; only speed suffers
      LOG.warn("SQLite background checkpoints stopped ({}); the ledger writer checkpoints by itself from now on",
          e.getMessage());
    }
  }
}
