package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./uncloud serve --config FILE} with {@code uncloud.snapshots=ceph} on a machine without the
 * native Ceph client libraries. The libraries are installed here (the Ceph tests need them), so the
 * command runs with JNA's platform library path pointed at nothing: JNA then cannot find
 * {@code librados.so.2}, exactly as on a machine without librados2.
 */
@DisplayName("./uncloud serve with uncloud.snapshots=ceph but no native librados says what to install")
class CephWithoutNativeLibrariesIT {
  @TempDir
  Path work;

  @Test
  @DisplayName("the command refuses to start, names the missing libraries and the package to install, without a stack trace")
  void namesTheLibrariesToInstall() throws Exception {
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      Path cephConf = Files.writeString(work.resolve("ceph.conf"), "[global]\nmon host = 127.0.0.1:1\n");
      Path inventory = Files.writeString(work.resolve("vms.properties"), "");
      Path config = work.resolve("uncloud.properties");
      List<String> lines = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      lines.addAll(List.of("uncloud.snapshots=ceph", "uncloud.snapshot-records=jdbc",
          "uncloud.ceph.conf=" + cephConf, "uncloud.ceph.inventory=" + inventory));
      Files.write(config, lines);
      Path root = Path.of(System.getProperty("user.dir")).getParent();
      Path output = work.resolve("output.txt");
      ProcessBuilder builder = new ProcessBuilder(root.resolve("uncloud").toString(), "serve", "--config",
          config.toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put("TEST_LDAP_PASSWORD", ldap.bindPassword());
      builder.environment().put("UNCLOUD_JAVA_OPTS", "-Djna.platform.library.path=" + work.resolve("no-libraries")
          + " -Djna.library.path=" + work.resolve("no-libraries"));
      Process process = builder.start();
      process.getOutputStream().close();

      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the command ended").isTrue();
      String said = Files.readString(output);
      assertThat(process.exitValue()).as(said).isEqualTo(1);
      assertThat(said)
          .contains("uncloud: the native Ceph libraries librados.so.2 / librbd.so.1 cannot be loaded")
          .contains("apt-get install librados2 librbd1")
          .endsWith("[configuration]\n")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
  }
}
