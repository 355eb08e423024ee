package ch.uncloud.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("an environment variable overrides the key it is named after")
  void environmentOverrides() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:sqlite:a.db", "uncloud.ldap.bind-dn", "x"))
        .withEnvironment(Map.of("UNCLOUD_JDBC_URL", "jdbc:sqlite:b.db"));

    assertThat(config.require("uncloud.jdbc.url")).isEqualTo("jdbc:sqlite:b.db");
    assertThat(ProviderConfig.environmentName("uncloud.ldap.bind-dn")).isEqualTo("UNCLOUD_LDAP_BIND_DN");
  }

  @Test
  @DisplayName("secrets resolve from env: and file: references")
  void secretReferences() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
    ProviderConfig config = ProviderConfig.of(Map.of("a.password", "env:MY_PW", "b.password", "file:" + file))
        .withEnvironment(Map.of("MY_PW", "from-env"));

    assertThat(config.requireSecret("a.password").reveal()).isEqualTo("from-env");
    assertThat(config.requireSecret("b.password").reveal()).isEqualTo("from-file");
  }

  @Test
  @DisplayName("an inline secret is refused without echoing it")
  void inlineSecretRefused() {
    ProviderConfig config = ProviderConfig.of(Map.of("a.password", "hunter2")).withEnvironment(Map.of());

    assertThatThrownBy(() -> config.requireSecret("a.password"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("env:VARIABLE or file:PATH")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("a reference to a missing variable or file names it")
  void missingReferences() {
    ProviderConfig config = ProviderConfig.of(Map.of("a.password", "env:NOPE", "b.password", "file:/no/such/file"))
        .withEnvironment(Map.of());

    assertThatThrownBy(() -> config.requireSecret("a.password")).hasMessageContaining("NOPE");
    assertThatThrownBy(() -> config.requireSecret("b.password")).hasMessageContaining("/no/such/file");
  }

  @Test
  @DisplayName("validation reports every problem at once")
  void validatesAllAtOnce() {
    ProviderConfig config = ProviderConfig.of(Map.of("x.pool-size", "many", "x.password", "inline"))
        .withEnvironment(Map.of());

    assertThatThrownBy(() -> config.validator()
        .require("x.url")
        .requireSecret("x.password")
        .requireSecret("x.other-password")
        .check("x.pool-size", v -> v.matches("[0-9]+") ? null : "must be a number")
        .validate())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("4 problems")
        .hasMessageContaining("x.url")
        .hasMessageContaining("x.password")
        .hasMessageContaining("x.other-password")
        .hasMessageContaining("x.pool-size: must be a number");
  }

  @Test
  @DisplayName("a properties file is read, and its text shows keys but no values")
  void loadsFile() throws Exception {
    Path file = Files.writeString(dir.resolve("uncloud.properties"), "uncloud.jdbc.url=jdbc:sqlite:x.db\nsecret.key=plain:s3cr3t\n");
    ProviderConfig config = ProviderConfig.load(file).withEnvironment(Map.of());

    assertThat(config.get("uncloud.jdbc.url")).contains("jdbc:sqlite:x.db");
    assertThat(config.toString()).contains("uncloud.jdbc.url").doesNotContain("s3cr3t").doesNotContain("x.db");
    assertThatThrownBy(() -> ProviderConfig.load(dir.resolve("missing.properties")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.properties");
  }
}
