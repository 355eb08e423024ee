package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.fail;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenLDAP {@code slapd} for tests: started on a free loopback port from a generated
 * {@code slapd.conf} (schemas core, cosine, inetorgperson, nis (posixGroup) and uncloud's; an mdb database in a temp
 * directory; the memberof and ppolicy overlays; ACLs under which users may read only their own entry),
 * loaded with an LDIF over LDAP, and stopped by {@link #close()}.
 *
 * <p>Without slapd installed the tests using it are skipped, except on CI ({@code CI=true}), where
 * they fail: install it with {@code apt-get install slapd ldap-utils}.
 */
final class SlapdServer implements AutoCloseable {
  static final String BASE_DN = "dc=uncloud,dc=test";
  static final String ROOT_DN = "cn=admin," + BASE_DN;
  static final String ROOT_PASSWORD = "slapd-admin-secret";
  static final String POLICY_DN = "cn=default,ou=policies," + BASE_DN;

  private static final Path SLAPD = Path.of("/usr/sbin/slapd");
  private static final Path SLAPTEST = Path.of("/usr/sbin/slaptest");
  private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
  private static final Path SCHEMA_DIR = Path.of("/etc/ldap/schema");
  private static final Path MODULE_DIR = Path.of("/usr/lib/ldap");

  private final Process process;
  private final int port;
  private final Path log;

  private SlapdServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts slapd in {@code directory} and loads the LDIF resource.
   *
   * @param directory an empty temporary directory, owned by the caller
   * @param ldifResource class-path LDIF to load
   * @return the running server
   */
  static SlapdServer start(Path directory, String ldifResource) throws IOException, InterruptedException {
    return start(directory, ldifResource, false);
  }

  /**
   * Starts slapd like {@link #start(Path, String)}, but with a cn=config directory (the Debian
   * default) into which uncloud's schema is loaded from {@code uncloud.ldif} instead of the
   * {@code uncloud.schema} include, when {@code cnConfig} is set.
   *
   * @param directory an empty temporary directory, owned by the caller
   * @param ldifResource class-path LDIF to load
   * @param cnConfig whether to run from a cn=config directory
   * @return the running server
   */
  static SlapdServer start(Path directory, String ldifResource, boolean cnConfig)
      throws IOException, InterruptedException {
    return start(directory, cnConfig ? "uncloud.ldif" : "uncloud.schema", ldifResource, cnConfig);
  }

  /**
   * Starts slapd with a schema of its own instead of uncloud's (an institution's directory that no one
   * set up for uncloud), from a {@code slapd.conf} include file next to this class.
   *
   * @param directory an empty temporary directory, owned by the caller
   * @param schemaFile the schema's file name in {@code ch/uncloud/ldap/} on the class path
   * @param ldifResource class-path LDIF to load
   * @return the running server
   */
  static SlapdServer startWithSchema(Path directory, String schemaFile, String ldifResource)
      throws IOException, InterruptedException {
    return start(directory, schemaFile, ldifResource, false);
  }

  private static SlapdServer start(Path directory, String schemaFile, String ldifResource, boolean cnConfig)
      throws IOException, InterruptedException {
    requireSlapd();
    Path schema = directory.resolve(schemaFile);
    try (InputStream in = SlapdServer.class.getClassLoader().getResourceAsStream(
        "ch/uncloud/ldap/" + schema.getFileName())) {
      Files.copy(in, schema);
    }
    Path db = Files.createDirectories(directory.resolve("db"));
    Path conf = directory.resolve("slapd.conf");
    Files.writeString(conf, String.join("\n", List.of(
        "include " + SCHEMA_DIR.resolve("core.schema"),
        "include " + SCHEMA_DIR.resolve("cosine.schema"),
        "include " + SCHEMA_DIR.resolve("inetorgperson.schema"),
        "include " + SCHEMA_DIR.resolve("nis.schema"),
        cnConfig ? "" : "include " + schema,
        "pidfile " + directory.resolve("slapd.pid"),
        "argsfile " + directory.resolve("slapd.args"),
        "modulepath " + MODULE_DIR,
        "moduleload back_mdb",
        "moduleload memberof",
        "moduleload ppolicy",
        "database mdb",
        "maxsize 10485760",
        "suffix \"" + BASE_DN + "\"",
        "rootdn \"" + ROOT_DN + "\"",
        "rootpw " + ROOT_PASSWORD,
        "directory " + db,
        "access to dn.base=\"\" by * read",
        "access to attrs=userPassword by self =w by anonymous auth by * none",
        "access to * by self read by * none",
        "overlay memberof",
        "overlay ppolicy",
        "ppolicy_default \"" + POLICY_DN + "\"",
        "ppolicy_use_lockout",
        "")), StandardCharsets.UTF_8);
    Path log = directory.resolve("slapd.log");
    List<String> configuration = List.of("-f", conf.toString());
    if (cnConfig) {
      Path configDirectory = Files.createDirectories(directory.resolve("slapd.d"));
      // slaptest converts only a config whose database opens, so create the (empty) database first
      Path empty = Files.writeString(directory.resolve("empty.ldif"), "");
      run(log, SLAPADD.toString(), "-f", conf.toString(), "-b", BASE_DN, "-l", empty.toString());
      run(log, SLAPTEST.toString(), "-f", conf.toString(), "-F", configDirectory.toString());
      run(log, SLAPADD.toString(), "-n0", "-F", configDirectory.toString(), "-l", schema.toString());
      configuration = List.of("-F", configDirectory.toString());
    }
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      List<String> command = new java.util.ArrayList<>(List.of(SLAPD.toString(), "-d", "0", "-h",
          "ldap://127.0.0.1:" + port + "/"));
      command.addAll(configuration);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      SlapdServer server = new SlapdServer(process, port, log);
      try {
        server.awaitReady();
        server.load(ldifResource);
        return server;
      } catch (IOException e) {
        server.close();
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  private static void run(Path log, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private static void requireSlapd() {
    if (Files.isExecutable(SLAPD) && Files.isDirectory(SCHEMA_DIR) && Files.isDirectory(MODULE_DIR)) {
      return;
    }
    String message = "OpenLDAP slapd is not installed (" + SLAPD + ", " + SCHEMA_DIR
        + "); install it with: apt-get install slapd ldap-utils";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  /** @return the loopback port it listens on */
  int port() {
    return port;
  }

  /** @return {@code ldap://127.0.0.1:PORT} */
  String url() {
    return "ldap://127.0.0.1:" + port;
  }

  /** @return a connection bound as the root DN; the caller closes it */
  LDAPConnection rootConnection() throws LDAPException {
    LDAPConnection connection = new LDAPConnection("127.0.0.1", port);
    connection.bind(ROOT_DN, ROOT_PASSWORD);
    return connection;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("slapd exited with " + process.exitValue() + ": " + logTail());
      }
      try (LDAPConnection connection = rootConnection()) {
        if (connection.isConnected()) {
          return;
        }
      } catch (LDAPException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("slapd did not answer on port " + port + " within 15 s: " + logTail());
  }

  private void load(String ldifResource) throws IOException {
    try (LDAPConnection connection = rootConnection();
        InputStream in = SlapdServer.class.getClassLoader().getResourceAsStream(ldifResource);
        LDIFReader reader = new LDIFReader(in)) {
      for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
        connection.add(entry);
      }
      connection.add("dn: ou=policies," + BASE_DN, "objectClass: organizationalUnit", "ou: policies");
      connection.add("dn: " + POLICY_DN, "objectClass: organizationalRole", "objectClass: pwdPolicy",
          "cn: default", "pwdAttribute: userPassword", "pwdLockout: TRUE");
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IOException("cannot load " + ldifResource + " into slapd: " + e.getMessage() + "; " + logTail(), e);
    }
  }

  private String logTail() {
    try {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
