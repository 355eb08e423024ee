package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ProviderUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.sqlite.SQLiteConnection;

/**
 * Copies a live SQLite ledger to a file with SQLite's online backup API, safely while gateways keep
 * booking: the copy is one consistent snapshot of what was committed when it began (WAL mode lets the
 * gateway's writer go on meanwhile). The copy is written to a temporary file beside the target and
 * renamed into place only once complete, so the target is never a half-written database; then the
 * copy is checked with {@link LedgerVerifier}.
 *
 * <p>PostgreSQL ledgers are backed up with PostgreSQL's own tools ({@code pg_dump}, {@code pg_basebackup}):
 * see the README's "Backups and verification".
 */
public final class SqliteBackup {
  private static final String PREFIX = "jdbc:sqlite:";
  /** Page sleep between busy retries, and how many of them, while another connection holds a lock. */
  private static final int BUSY_SLEEP_MS = 100;
  private static final int BUSY_RETRIES = 100;

  private SqliteBackup() {}

  /**
   * The result of a backup.
   *
   * @param target the file that now holds the copy
   * @param bytes its size
   * @param verification what {@link LedgerVerifier} found in the copy
   */
  public record Result(Path target, long bytes, LedgerVerification verification) {}

  /**
   * Backs up the ledger at {@code jdbcUrl} to {@code target}.
   *
   * @param jdbcUrl the ledger's {@code jdbc:sqlite:PATH} URL
   * @param target the file to write
   * @param replace whether an existing {@code target} may be replaced (otherwise it is refused)
   * @return the copy and its verification
   * @throws ConfigurationException if the URL is not an SQLite URL (PostgreSQL has its own tools)
   * @throws InvalidRequestException if {@code target} exists and {@code replace} is false, or is in use
   * @throws ProviderUnavailableException if the ledger cannot be read or the copy cannot be written;
   *     then no target was written and no temporary file is left
   */
  public static Result backup(String jdbcUrl, Path target, boolean replace) {
    if (!jdbcUrl.startsWith(PREFIX)) {
      throw new ConfigurationException("uncloud backs up SQLite ledgers only, and uncloud.jdbc.url names another "
          + "database; back up PostgreSQL with pg_dump or pg_basebackup as the README's section \"Backups and "
          + "verification\" describes");
    }
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, absolute + " is a directory; name the backup file");
    }
    if (Files.exists(absolute) && !replace) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, absolute + " exists; choose a new file, or "
          + "replace it explicitly");
    }
    if (Files.exists(Path.of(absolute + "-wal")) || Files.exists(Path.of(absolute + "-shm"))) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, absolute + " is a database in use (it has a "
          + "-wal or -shm file beside it); choose another file");
    }
    Path parent = absolute.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the directory of " + absolute
          + " does not exist; create it first");
    }
    Path partial = parent.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      SqliteFiles.requireExisting(jdbcUrl);
      try (Connection source = DriverManager.getConnection(jdbcUrl)) {
        // all pages in one step: one read transaction, so writers on other connections cannot make it
        // restart (a backup in small steps starts over after every commit of another connection)
        int rc = source.unwrap(SQLiteConnection.class).getDatabase()
            .backup("main", partial.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, -1);
        if (rc != 0) {
          throw new SQLException("the SQLite backup ended with result code " + rc);
        }
      }
      LedgerVerification verification;
      try (Connection copy = DriverManager.getConnection(PREFIX + partial)) {
        verification = LedgerVerifier.verify(copy);
      }
      Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result(absolute, Files.size(absolute), verification);
    } catch (SQLException | IOException e) {
      throw new ProviderUnavailableException("cannot back up the ledger at " + Connections.redact(jdbcUrl) + " to "
          + absolute + ": " + Connections.rootMessage(e) + "; check that the ledger exists and the target's "
          + "directory is writable, then try again", e);
    } finally {
      deleteQuietly(partial);
      deleteQuietly(Path.of(partial + "-wal"));
      deleteQuietly(Path.of(partial + "-shm"));
      deleteQuietly(Path.of(partial + "-journal"));
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // left for the operator; its name says it is a partial backup
    }
  }
}
