package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("LdapAccountDirectory under failures: failover, pool exhaustion, slow and restarted servers")
class LdapResilienceTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Secret NETHZ_PASSWORD = Secret.of("nethzpass");

  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  private static LdapAccountDirectoryBuilder builder(String... urls) {
    EmbeddedLdapServer server = LDAP.server();
    return LdapAccountDirectory.builder()
        .urls(urls.length == 0 ? new String[] {server.url()} : urls)
        .tls(LdapTls.NONE).allowPlain(true)
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn())
        .groupBase("ou=groups," + server.baseDn())
        .connectTimeout(Duration.ofSeconds(2))
        .operationTimeout(Duration.ofSeconds(3));
  }

  private static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return "ldap://127.0.0.1:" + socket.getLocalPort(); // closed again: nothing listens there
    }
  }

  @Test
  @DisplayName("with the first server down, every operation fails over to the next one")
  void failsOverToSecondServer() throws IOException {
    try (LdapAccountDirectory directory = builder(deadUrl(), LDAP.server().url()).build()) {
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
      assertThat(directory.find(Username.of("physiker"))).isPresent();
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
    }
  }

  @Test
  @DisplayName("with every server down, creating the directory is a retryable provider-unavailable error")
  void allServersDown() throws IOException {
    String first = deadUrl();
    String second = deadUrl();
    assertThatThrownBy(() -> builder(first, second).build())
        .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.getMessage()).contains(first.substring("ldap://".length()))
              .doesNotContain(LDAP.server().bindPassword());
        });
  }

  @Test
  @DisplayName("more concurrent callers than pooled connections all succeed by waiting their turn")
  void moreCallersThanConnections() throws Exception {
    try (LdapAccountDirectory directory = builder().poolSize(2).bindPoolSize(2).build()) {
      List<Callable<Boolean>> callers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        callers.add(() -> {
          for (int round = 0; round < 5; round++) {
            directory.authenticate(NETHZ, NETHZ_PASSWORD);
            directory.isLocked(Username.of("schuldner"));
          }
          return true;
        });
      }
      assertThat(runAll(callers)).containsOnly("ok");
    }
  }

  @Test
  @DisplayName("callers that find the pool busy for longer than the wait time fail cleanly instead of hanging")
  void exhaustedPoolFailsCleanly() throws Exception {
    try (LdapAccountDirectory directory = builder().poolSize(1).bindPoolSize(1)
        .poolWaitTimeout(Duration.ofMillis(200)).build()) {
      LDAP.server().delayResponses(Duration.ofMillis(800));
      List<Callable<Boolean>> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        callers.add(() -> directory.find(NETHZ).isPresent());
      }
      List<String> outcomes = runAll(callers);

      assertThat(outcomes).contains("ok").contains(ProviderUnavailableException.class.getSimpleName())
          .containsOnly("ok", ProviderUnavailableException.class.getSimpleName());
      LDAP.server().delayResponses(Duration.ZERO);
      assertThat(directory.find(NETHZ)).isPresent();
    }
  }

  @Test
  @DisplayName("an operation on a server slower than the operation timeout fails, and later ones recover")
  void operationTimeout() {
    try (LdapAccountDirectory directory = builder().operationTimeout(Duration.ofMillis(300)).build()) {
      LDAP.server().delayResponses(Duration.ofMillis(1500));
      assertThatThrownBy(() -> directory.isLocked(NETHZ)).isInstanceOf(ProviderUnavailableException.class);
      assertThatThrownBy(() -> directory.authenticate(NETHZ, NETHZ_PASSWORD))
          .isInstanceOf(ProviderUnavailableException.class);

      LDAP.server().delayResponses(Duration.ZERO);
      assertThat(directory.isLocked(NETHZ)).isFalse();
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
    }
  }

  @Test
  @DisplayName("after a server restart the pooled connections are replaced and operations succeed again")
  void recoversAfterRestart() {
    EmbeddedLdapServer server = LDAP.server();
    try (LdapAccountDirectory directory = builder().poolSize(3).bindPoolSize(3).build()) {
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);

      server.stop();
      assertThatThrownBy(() -> directory.find(NETHZ)).isInstanceOf(ProviderUnavailableException.class);
      assertThatThrownBy(() -> directory.authenticate(NETHZ, NETHZ_PASSWORD))
          .isInstanceOf(ProviderUnavailableException.class);
      server.start();

      assertThat(directory.find(NETHZ)).isPresent();
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
    }
  }

  @Test
  @DisplayName("a restart between two calls is invisible: dead pooled connections are retried on fresh ones")
  void restartBetweenCallsIsInvisible() {
    EmbeddedLdapServer server = LDAP.server();
    try (LdapAccountDirectory directory = builder().poolSize(2).bindPoolSize(2).build()) {
      assertThat(directory.isLocked(Username.of("schuldner"))).isTrue();
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);

      server.stop();
      server.start();

      assertThat(directory.isLocked(Username.of("schuldner"))).isTrue();
      assertThat(directory.authenticate(NETHZ, NETHZ_PASSWORD).username()).isEqualTo(NETHZ);
    }
  }

  /** Runs the callers at once; each outcome is "ok" or the simple name of what it threw. */
  private static List<String> runAll(List<Callable<Boolean>> callers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers.size());
    try {
      List<Future<Boolean>> futures = pool.invokeAll(callers, 30, TimeUnit.SECONDS);
      List<String> outcomes = new ArrayList<>();
      for (Future<Boolean> future : futures) {
        try {
          outcomes.add(future.get() ? "ok" : "not found");
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause().getClass().getSimpleName());
        } catch (java.util.concurrent.CancellationException e) {
          outcomes.add("hung");
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
