package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.ProviderConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcLedgerProvider")
class JdbcLedgerProviderTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("is discovered by ServiceLoader under the name jdbc")
  void discovered() {
    assertThat(ServiceLoader.load(LedgerProvider.class).stream().map(p -> p.get().name())).contains("jdbc");
  }

  @Test
  @DisplayName("opens an SQLite ledger from uncloud.jdbc.url, overridable by UNCLOUD_JDBC_URL")
  void opensFromConfig() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:sqlite:/nonexistent/x.db",
            "uncloud.jdbc.pool-size", "2", "uncloud.jdbc.max-batch", "64"))
        .withEnvironment(Map.of("UNCLOUD_JDBC_URL", "jdbc:sqlite:" + dir.resolve("l.db")));
    try (Ledger ledger = new JdbcLedgerProvider().create(config)) {
      ledger.post(Entries.deposit("alice", "3.00"));
      assertThat(ledger.balance(Username.of("alice"), Currency.getInstance("CHF"))).isEqualTo(Money.of("3.00", "CHF"));
    }
    assertThat(Files.exists(dir.resolve("l.db"))).isTrue();
  }

  @Test
  @DisplayName("reports every bad key at once")
  void reportsAllProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.password", "hunter2",
        "uncloud.jdbc.pool-size", "zero", "uncloud.jdbc.max-batch", "-1")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcLedgerProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.jdbc.url")
        .hasMessageContaining("inline value")
        .hasMessageContaining("uncloud.jdbc.pool-size")
        .hasMessageContaining("uncloud.jdbc.max-batch")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("refuses a URL of an unsupported database")
  void unsupportedUrl() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:mysql://localhost/x"))
        .withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcLedgerProvider().create(config))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  @DisplayName("an unreachable PostgreSQL is a ProviderUnavailableException that hides the password")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/uncloud";
    assertThatThrownBy(() -> JdbcLedger.builder().url(url).user("u").password(Secret.of("s3cret-pw"))
            .connectTimeout(Duration.ofSeconds(1)).build())
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining("s3cret-pw");
  }
}
