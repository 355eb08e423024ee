package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The ldap provider builds a directory from uncloud.ldap.* keys")
class LdapAccountDirectoryProviderTest {
  @RegisterExtension
  static final EmbeddedLdapExtension LDAP = new EmbeddedLdapExtension();

  private static Map<String, String> keys() {
    EmbeddedLdapServer server = LDAP.server();
    Map<String, String> keys = new HashMap<>();
    keys.put("uncloud.ldap.urls", "ldap://127.0.0.1:1, " + server.url());
    keys.put("uncloud.ldap.tls", "none");
    keys.put("uncloud.ldap.allow-plain", "true");
    keys.put("uncloud.ldap.bind-dn", server.bindDn());
    keys.put("uncloud.ldap.bind-password", "env:TEST_LDAP_PASSWORD");
    keys.put("uncloud.ldap.user-base", "ou=people," + server.baseDn());
    keys.put("uncloud.ldap.group-base", "ou=groups," + server.baseDn());
    keys.put("uncloud.ldap.pool-size", "2");
    keys.put("uncloud.ldap.operation-timeout", "5s");
    return keys;
  }

  private static ProviderConfig config(Map<String, String> keys) {
    return ProviderConfig.of(keys).withEnvironment(Map.of("TEST_LDAP_PASSWORD", LDAP.server().bindPassword()));
  }

  @Test
  @DisplayName("it is found by ServiceLoader under the name ldap")
  void discovered() {
    assertThat(ServiceLoader.load(AccountDirectoryProvider.class).stream().map(p -> p.get().name()))
        .contains("ldap");
  }

  @Test
  @DisplayName("a complete configuration gives a working directory, failing over past a dead first URL")
  void createsDirectory() {
    try (AccountDirectory directory = new LdapAccountDirectoryProvider().create(config(keys()))) {
      assertThat(directory.authenticate(Username.of("nethzuser"), Secret.of("nethzpass")).displayName())
          .isEqualTo("Nadia Nethz");
      assertThat(directory.isMember(Username.of("raplab"), "lab-admins")).isTrue();
    }
  }

  @Test
  @DisplayName("every problem of a bad configuration is reported at once, before connecting")
  void reportsAllProblems() {
    Map<String, String> keys = new HashMap<>();
    keys.put("uncloud.ldap.tls", "sometimes");
    keys.put("uncloud.ldap.pool-size", "many");
    keys.put("uncloud.ldap.connect-timeout", "5 parsecs");
    keys.put("uncloud.ldap.allow-plain", "yes please");
    keys.put("uncloud.ldap.bind-dn", "cn=admin,dc=uncloud,dc=test");

    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(keys)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.tls")
        .hasMessageContaining("uncloud.ldap.pool-size")
        .hasMessageContaining("uncloud.ldap.connect-timeout")
        .hasMessageContaining("uncloud.ldap.allow-plain")
        .hasMessageContaining("uncloud.ldap.bind-password");
  }

  @Test
  @DisplayName("missing URLs and user base, and conflicting settings, are all named")
  void crossKeyProblems() {
    Map<String, String> keys = new HashMap<>();
    keys.put("uncloud.ldap.lock-true", "X");
    keys.put("uncloud.ldap.lock-false", "x");
    keys.put("uncloud.ldap.user-filter", "(broken");
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(keys)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ldap.urls")
        .hasMessageContaining("uncloud.ldap.user-base")
        .hasMessageContaining("lock-true and lock-false must differ")
        .hasMessageContaining("uncloud.ldap.user-filter");
  }

  @Test
  @DisplayName("a bind password without a bind DN is a mistake, not a silent anonymous bind")
  void passwordWithoutDn() {
    Map<String, String> keys = keys();
    keys.remove("uncloud.ldap.bind-dn");
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(keys)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ldap.bind-dn is not");
  }

  @Test
  @DisplayName("an inline bind password is refused; secrets must be references")
  void inlineSecretRefused() {
    Map<String, String> keys = keys();
    keys.put("uncloud.ldap.bind-password", LDAP.server().bindPassword());
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(keys)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("env:VARIABLE")
        .hasMessageNotContaining(LDAP.server().bindPassword());
  }

  @Test
  @DisplayName("tls=none alone chooses plain LDAP (allow-plain=false next to it is a contradiction), and ldaps:// URLs need tls=ldaps")
  void tlsConsistency() {
    Map<String, String> plain = keys();
    plain.remove("uncloud.ldap.allow-plain");
    try (var directory = new LdapAccountDirectoryProvider().create(config(plain))) {
      assertThat(directory.find(ch.uncloud.api.Username.of("nethzuser"))).isPresent();
    }
    plain.put("uncloud.ldap.allow-plain", "false");
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(plain)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("remove uncloud.ldap.allow-plain");

    Map<String, String> mixed = keys();
    mixed.put("uncloud.ldap.urls", "ldaps://127.0.0.1:1");
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(mixed)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("tls=ldaps");
  }

  @Test
  @DisplayName("a wrong service password is a configuration error that does not show the password")
  void wrongServicePassword() {
    ProviderConfig config = ProviderConfig.of(keys()).withEnvironment(Map.of("TEST_LDAP_PASSWORD", "wrong-secret-123"));
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ldap.bind-password")
        .hasMessageNotContaining("wrong-secret-123");
  }

  @Test
  @DisplayName("unreachable servers are a retryable unavailability, not a configuration error")
  void unreachable() {
    Map<String, String> keys = keys();
    keys.put("uncloud.ldap.urls", "ldap://127.0.0.1:1");
    assertThatThrownBy(() -> new LdapAccountDirectoryProvider().create(config(keys)))
        .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  @DisplayName("durations are read as 500ms, 5s, 2m, 1h or ISO-8601")
  void durations() {
    assertThat(ProviderConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ProviderConfig.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ProviderConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ProviderConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ProviderConfig.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> ProviderConfig.parseDuration("5")).isInstanceOf(IllegalArgumentException.class);
  }
}
