package ch.uncloud.bench;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.ldap.LdapAccountDirectory;
import ch.uncloud.ldap.LdapTls;
import ch.uncloud.spi.DirectoryEntry;
import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Authentications per second against the embedded LDAP server, in one run: {@link LdapAccountDirectory}
 * with its pools, the same with a fresh connection for each user bind, and a naive client that
 * connects, binds as the service, searches the user, binds as the user and closes for every call.
 * Prints a table with each rate and its ratio to the naive client.
 *
 * <pre>
 * java ch.uncloud.bench.LdapAuthBenchmark [--seconds 3] [--warmup 1] [--threads 4]
 * </pre>
 */
public final class LdapAuthBenchmark {
  private static final String[][] USERS = {
      {"nethzuser", "nethzpass"}, {"erstsemester", "erstpass"}, {"schuldner", "schuldpass"}, {"physiker", "physpass"}};

  private LdapAuthBenchmark() {}

  /** One way of authenticating a user. */
  @FunctionalInterface
  private interface Authenticator {
    void authenticate(String user, String password) throws Exception;
  }

  /**
   * @param args {@code --seconds N}, {@code --warmup N}, {@code --threads N}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int seconds = 3;
    int warmup = 1;
    int threads = 4;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int value = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--seconds" -> seconds = value;
        case "--warmup" -> warmup = value;
        case "--threads" -> threads = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --seconds N --warmup N --threads N");
      }
    }
    try (EmbeddedLdapServer server = EmbeddedLdapServer.start(AccountDirectoryContract.SEED_LDIF)) {
      String userBase = "ou=people," + server.baseDn();
      List<String[]> rows = new ArrayList<>();
      double naive;
      try (LdapAccountDirectory pooled = directory(server, threads, threads);
          LdapAccountDirectory unpooledBinds = directory(server, threads, 0)) {
        double pooledRate = measure(threads, warmup, seconds,
            (user, password) -> check(pooled.authenticate(Username.of(user), Secret.of(password)), user));
        double bindPerCall = measure(threads, warmup, seconds,
            (user, password) -> check(unpooledBinds.authenticate(Username.of(user), Secret.of(password)), user));
        naive = measure(threads, warmup, seconds, (user, password) -> connectBindClose(server, userBase, user, password));
        rows.add(new String[] {"LdapAccountDirectory, service pool + bind pool", rate(pooledRate), ratio(pooledRate, naive)});
        rows.add(new String[] {"LdapAccountDirectory, service pool, new connection per bind", rate(bindPerCall),
            ratio(bindPerCall, naive)});
      }
      rows.add(new String[] {"connect-bind-search-bind-close per call", rate(naive), ratio(naive, naive)});
      System.out.printf(Locale.ROOT, "LDAP authentication, embedded UnboundID server on loopback, %d threads, "
          + "%d s measured after %d s warm-up each%n%n", threads, seconds, warmup);
      System.out.printf(Locale.ROOT, "| %-60s | %12s | %20s |%n", "mode", "auth/s", "vs. connect per call");
      System.out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(62), "-".repeat(14), "-".repeat(22));
      for (String[] row : rows) {
        System.out.printf(Locale.ROOT, "| %-60s | %12s | %20s |%n", row[0], row[1], row[2]);
      }
    }
  }

  private static LdapAccountDirectory directory(EmbeddedLdapServer server, int poolSize, int bindPoolSize) {
    return LdapAccountDirectory.builder()
        .urls(server.url()).tls(LdapTls.NONE).allowPlain(true)
        .bind(server.bindDn(), Secret.of(server.bindPassword()))
        .userBase("ou=people," + server.baseDn())
        .poolSize(poolSize).bindPoolSize(bindPoolSize)
        .build();
  }

  private static void check(DirectoryEntry account, String user) {
    if (!account.username().value().equals(user)) {
      throw new IllegalStateException("authenticated " + account.username() + " instead of " + user);
    }
  }

  private static void connectBindClose(EmbeddedLdapServer server, String userBase, String user, String password)
      throws LDAPException {
    try (LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port())) {
      connection.bind(server.bindDn(), server.bindPassword());
      SearchResult result = connection.search(userBase, SearchScope.SUB, Filter.createEqualityFilter("uid", user), "1.1");
      if (result.getEntryCount() != 1) {
        throw new IllegalStateException("user " + user + " not found");
      }
      connection.bind(result.getSearchEntries().get(0).getDN(), password);
    }
  }

  /** @return successful authentications per second over the measured period, all threads together */
  private static double measure(int threads, int warmupSeconds, int seconds, Authenticator authenticator)
      throws Exception {
    run(threads, warmupSeconds, authenticator);
    long start = System.nanoTime();
    long count = run(threads, seconds, authenticator);
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static long run(int threads, int seconds, Authenticator authenticator) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        futures.add(pool.submit(() -> {
          long done = 0;
          for (int i = offset; !stop.get(); i++) {
            String[] user = USERS[i % USERS.length];
            authenticator.authenticate(user[0], user[1]);
            done++;
          }
          return done;
        }));
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      stop.set(true);
      long total = 0;
      for (Future<Long> future : futures) {
        total += future.get(30, TimeUnit.SECONDS);
      }
      return total;
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String ratio(double rate, double baseline) {
    return String.format(Locale.ROOT, "%.2fx", rate / baseline);
  }
}
