package ch.uncloud.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two PostgreSQL servers (Debian's, {@code /usr/lib/postgresql/N/bin}) managed by two Patroni
 * processes (Debian's {@code patroni}) that keep their leader lock in a one-node etcd (Debian's
 * {@code etcd}), all on loopback and all child processes of the test: a primary and a synchronous
 * standby streaming from it ({@code synchronous_mode: true}, so Patroni promotes only a standby
 * that has every acknowledged commit). PostgreSQL refuses to run as root, so when the test runs as
 * root Patroni (and the servers it starts) run as the Debian user {@code postgres}.
 */
final class PatroniCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final Process etcd;
  private final List<Node> nodes = new ArrayList<>();

  /** One PostgreSQL and the Patroni that manages it. */
  final class Node {
    final String name;
    final int port;
    final Path dataDir;
    Process patroni;
    boolean killed;

    Node(String name, int port, Path dataDir) {
      this.name = name;
      this.port = port;
      this.dataDir = dataDir;
    }

    /** @return whether this server accepts writes now */
    boolean isPrimary() {
      try (Connection c = DriverManager.getConnection(jdbcUrl(port, ""), "postgres", "");
          Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
        return rs.next() && !rs.getBoolean(1);
      } catch (SQLException e) {
        return false;
      }
    }

    /**
     * What losing the machine does: SIGKILL to Patroni, to the postmaster and to every process the
     * postmaster started, so nothing is flushed, nothing is handed over and the leader lock is kept
     * until it expires.
     */
    void killMachine() throws Exception {
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      killed = true;
      patroni.destroyForcibly();
      Optional<ProcessHandle> server = ProcessHandle.of(postmaster);
      List<ProcessHandle> doomed = new ArrayList<>();
      server.ifPresent(p -> {
        doomed.add(p);
        p.descendants().forEach(doomed::add);
      });
      patroni.descendants().forEach(doomed::add);
      doomed.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle p : doomed) {
        p.onExit().get(10, TimeUnit.SECONDS);
      }
      patroni.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private PatroniCluster(Path dir, Process etcd) {
    this.dir = dir;
    this.etcd = etcd;
  }

  /**
   * Finds Patroni, etcd and the newest Debian PostgreSQL. Without them the test fails under
   * {@code CI=true} and is skipped elsewhere, saying what to install.
   *
   * @return the PostgreSQL programs' directory, e.g. {@code /usr/lib/postgresql/15/bin}
   */
  private static Path requireInstalled() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    Optional<Path> bin = Optional.empty();
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        bin = versions.filter(p -> p.getFileName().toString().matches("\\d+"))
            .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
            .map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("postgres")));
      }
    }
    if (bin.isPresent() && Files.isExecutable(Path.of("/usr/bin/patroni")) && Files.isExecutable(Path.of("/usr/bin/etcd"))) {
      return bin.get();
    }
    String message = "Debian's PostgreSQL, Patroni and etcd are needed (" + base + "/N/bin, /usr/bin/patroni, "
        + "/usr/bin/etcd); install them with: apt-get install postgresql patroni etcd-server etcd-client";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail(message);
    }
    org.junit.jupiter.api.Assumptions.abort(message);
    throw new AssertionError(message);
  }

  /**
   * Starts etcd, then the first node (which creates the cluster and becomes the primary), then the
   * second (which copies it with pg_basebackup and follows it), and waits until the second is the
   * synchronous standby.
   *
   * @param work a directory for data and logs; the test's temporary directory
   */
  static PatroniCluster start(Path work) throws Exception {
    Path bin = requireInstalled();
    Path dir = Files.createDirectories(work.resolve("ha"));
    int etcdClient = freePort();
    int etcdPeer = freePort();
    Process etcd = new ProcessBuilder("/usr/bin/etcd", "--name", "e1", "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + etcdClient, "--advertise-client-urls", "http://127.0.0.1:" + etcdClient,
        "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
        "--initial-cluster", "e1=http://127.0.0.1:" + etcdPeer, "--enable-v2=true")
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    PatroniCluster cluster = new PatroniCluster(dir, etcd);
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      for (int i = 1; i <= 2; i++) {
        Path home = Files.createDirectories(dir.resolve("pg" + i));
        Node node = cluster.new Node("pg" + i, freePort(), home.resolve("data"));
        Path yml = home.resolve("patroni.yml");
        Files.writeString(yml, patroniYml(node, freePort(), etcdClient, bin, dir));
        if (root) {
          run("chown", "-R", "postgres:postgres", home.toString());
          run("chmod", "755", work.toString(), dir.toString()); // the user postgres reaches its directory
        }
        List<String> command = new ArrayList<>();
        if (root) {
          command.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"));
        }
        command.addAll(List.of("env", "HOME=" + home, "/usr/bin/patroni", yml.toString()));
        node.patroni = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(home.resolve("patroni.log").toFile()).start();
        cluster.nodes.add(node);
        if (i == 1) {
          cluster.await("pg1 to run as the primary", node::isPrimary);
        }
      }
      cluster.await("pg2 to be the synchronous standby", cluster::hasSyncStandby);
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private static String patroniYml(Node node, int restPort, int etcdPort, Path bin, Path dir) {
    // loop_wait 2 s and ttl 20 s (Patroni's smallest): a dead leader's lock expires 20 s after its last renewal
    return """
        scope: uncloud-failover
        name: %s
        restapi:
          listen: 127.0.0.1:%d
          connect_address: 127.0.0.1:%d
        etcd:
          host: 127.0.0.1:%d
        bootstrap:
          dcs:
            ttl: 20
            loop_wait: 2
            retry_timeout: 5
            synchronous_mode: true
            postgresql:
              use_pg_rewind: false
              parameters:
                wal_level: replica
                synchronous_commit: "on"
                max_wal_senders: 5
                max_connections: 200
          initdb:
          - encoding: UTF8
          - auth: trust
          - no-locale
          pg_hba:
          - host replication all 127.0.0.1/32 trust
          - host all all 127.0.0.1/32 trust
        postgresql:
          listen: 127.0.0.1:%d
          connect_address: 127.0.0.1:%d
          data_dir: %s
          bin_dir: %s
          pgpass: %s
          authentication:
            replication: {username: replicator, password: replicator-password}
            superuser: {username: postgres, password: postgres-password}
          parameters:
            unix_socket_directories: %s
        """.formatted(node.name, restPort, restPort, etcdPort, node.port, node.port, node.dataDir, bin,
        node.dataDir.getParent().resolve("pgpass"), node.dataDir.getParent());
  }

  /** @return the nodes, the first one started first */
  List<Node> nodes() {
    return nodes;
  }

  /** @return the primary now, if a node answers as one */
  Optional<Node> primary() {
    return nodes.stream().filter(Node::isPrimary).findFirst();
  }

  /** @return a JDBC URL naming both servers that connects to whichever is the primary */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + nodes.get(0).port + ",127.0.0.1:" + nodes.get(1).port
        + "/postgres?targetServerType=primary&hostRecheckSeconds=1";
  }

  private static String jdbcUrl(int port, String query) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres" + query;
  }

  private boolean hasSyncStandby() {
    Optional<Node> primary = primary();
    if (primary.isEmpty()) {
      return false;
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(primary.get().port, ""), "postgres", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  private void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + START_TIMEOUT.toSeconds() + " s for " + what + "; logs:\n" + logs());
      }
      for (Node n : nodes) {
        if (!n.patroni.isAlive()) {
          throw new AssertionError("Patroni " + n.name + " exited while waiting for " + what + "; logs:\n" + logs());
        }
      }
      Thread.sleep(200);
    }
  }

  /** @return the tails of the Patroni and etcd logs, for a failure's message */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (Path log : List.of(dir.resolve("etcd.log"), dir.resolve("pg1/patroni.log"), dir.resolve("pg2/patroni.log"))) {
      try {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        out.append("--- ").append(log).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append(log).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  /** Stops Patroni (which stops its PostgreSQL) on every node still running, then etcd. */
  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.patroni != null && n.patroni.isAlive()) {
        n.patroni.destroy();
      }
    }
    for (Node n : nodes) {
      try {
        if (n.patroni != null && !n.patroni.waitFor(30, TimeUnit.SECONDS)) {
          n.patroni.descendants().forEach(ProcessHandle::destroyForcibly);
          n.patroni.destroyForcibly();
        }
        killLeftover(n);
      } catch (Exception e) {
        // go on stopping the others
      }
    }
    etcd.destroy();
    try {
      if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
        etcd.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A postmaster its Patroni left running (Patroni stopped by force): ours if it runs on our data directory. */
  private static void killLeftover(Node n) throws IOException {
    Path pidFile = n.dataDir.resolve("postmaster.pid");
    if (!n.killed && Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
          .filter(p -> p.info().commandLine().orElse("").contains(n.dataDir.toString())).ifPresent(p -> {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      });
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
