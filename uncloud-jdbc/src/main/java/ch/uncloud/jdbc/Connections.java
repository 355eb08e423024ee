package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** How the JDBC stores (ledger, shop) open their connections: one durable setup for both. */
final class Connections {
  private Connections() {}

  /** SQLite in WAL mode with {@code synchronous=FULL}: a commit that returned survives a power cut. */
  static HikariConfig sqlite(String url, Duration busyTimeout, int cachePages) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.enforceForeignKeys(true);
    if (cachePages != 0) {
      config.setCacheSize(cachePages);
    }
    config.setGetGeneratedKeys(false); // the driver would query last_insert_rowid() after every insert
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(dataSource);
    return hikari;
  }

  static HikariConfig postgres(String url, String user, Secret password, Duration connectTimeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    if (user != null) {
      hikari.setUsername(user);
    }
    if (password != null) {
      hikari.setPassword(password.reveal());
    }
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
    return hikari;
  }

  static HikariDataSource pool(HikariConfig config, String name, int size, Duration connectTimeout) {
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, 1));
    config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    config.setInitializationFailTimeout(connectTimeout.toMillis());
    return new HikariDataSource(config);
  }

  /** The URL without a password a user may have put into it, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
