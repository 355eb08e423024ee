package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under {@code deploy/}: the example production configuration passes every check
 * {@code uncloud serve --config} makes before it starts, and the systemd unit passes
 * {@code systemd-analyze verify} (offline: CI machines have no systemd as init, but the tool runs).
 */
@DisplayName("The deployment files")
class DeploymentFilesTest {
  private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");
  private static final String CREDENTIALS = "/run/credentials/uncloud.service/";

  @TempDir
  Path dir;

  @Test
  @DisplayName("the example configuration passes the checks uncloud serve makes, with its secrets as file references")
  void exampleConfigurationIsValid() throws IOException {
    Path credentials = Files.createDirectories(dir.resolve("credentials"));
    Files.writeString(credentials.resolve("ldap-password"), "an ldap service password\n");
    Files.writeString(credentials.resolve("admin-labadmin"), "a long admin password for the lab\n");
    String example = Files.readString(DEPLOY.resolve("uncloud.properties.example"));
    Path config = dir.resolve("uncloud.properties");
    // systemd puts the credentials under /run/credentials/uncloud.service/; here they are in the temp dir
    Files.writeString(config, example.replace(CREDENTIALS, credentials + "/"));

    ProviderConfig loaded = ProviderConfig.load(config).withEnvironment(Map.of());

    assertThat(ServeCommand.configurationProblems(loaded)).isEmpty();
    assertThat(example.lines().filter(l -> !l.startsWith("#")).filter(l -> l.matches("[^=]*(password|secret)[^=]*=.*")))
        .as("every secret is a reference").isNotEmpty()
        .allSatisfy(l -> assertThat(l.substring(l.indexOf('=') + 1)).matches("(file|env):.+"));
    assertThat(loaded.get(LogFormat.KEY)).contains("json");
  }

  @Test
  @DisplayName("the example configuration with a typo in a value is refused, so the check above can fail")
  void brokenExampleIsRefused() throws IOException {
    String example = Files.readString(DEPLOY.resolve("uncloud.properties.example"));
    Path config = dir.resolve("uncloud.properties");
    Files.writeString(config, example.replace("uncloud.log.format=json", "uncloud.log.format=yaml"));

    assertThat(ServeCommand.configurationProblems(ProviderConfig.load(config).withEnvironment(Map.of())))
        .contains("uncloud.log.format must be text or json, not 'yaml'")
        .anySatisfy(p -> assertThat(p).contains("uncloud.ldap.bind-password").contains("cannot be read"));
  }

  @Test
  @DisplayName("the systemd unit passes systemd-analyze verify without a warning about it")
  void unitVerifies() throws Exception {
    List<String> findings = analyze(Files.readString(DEPLOY.resolve("uncloud.service")));

    assertThat(findings).isEmpty();
  }

  @Test
  @DisplayName("systemd-analyze verify reports a misspelt directive and a bad value in the unit, so the check above can fail")
  void brokenUnitIsReported() throws Exception {
    String unit = Files.readString(DEPLOY.resolve("uncloud.service"))
        .replace("NoNewPrivileges=yes", "NoNewPrivilegs=yes")
        .replace("Restart=on-failure", "Restart=sometimes");

    assertThat(analyze(unit)).anySatisfy(l -> assertThat(l).contains("NoNewPrivilegs"))
        .anySatisfy(l -> assertThat(l).contains("sometimes"));
  }

  @Test
  @DisplayName("the unit is hardened: its own user, the shaded jar with --config, restart on failure, a read-only system")
  void unitIsHardened() throws IOException {
    List<String> unit = Files.readAllLines(DEPLOY.resolve("uncloud.service"));

    assertThat(unit).contains("User=uncloud", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/uncloud", "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=");
    assertThat(unit).anySatisfy(l -> assertThat(l).startsWith("ExecStart=/usr/bin/java ")
        .contains(" -jar /opt/uncloud/uncloud.jar serve --config /etc/uncloud/uncloud.properties"));
  }

  /**
   * Runs {@code systemd-analyze verify} on a copy of the unit whose java is this JVM's (the tool checks
   * that ExecStart's program exists) and returns the lines it printed about the unit.
   */
  private List<String> analyze(String unit) throws Exception {
    Path tool = Path.of("/usr/bin/systemd-analyze");
    if (!Files.isExecutable(tool)) {
      String message = "systemd-analyze is not installed (Debian package systemd; .ci/run installs it)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path copy = dir.resolve("uncloud.service");
    Files.writeString(copy, unit.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
    Process process = new ProcessBuilder(tool.toString(), "verify", copy.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> aboutUnit = new ArrayList<>();
    output.lines().filter(l -> l.contains("uncloud.service")).forEach(aboutUnit::add);
    if (process.exitValue() != 0) {
      aboutUnit.add("exit status " + process.exitValue() + ": " + output);
    }
    return aboutUnit;
  }
}
