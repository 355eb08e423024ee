package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ServerOrderingProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("OvhServerOrderingProvider")
class OvhServerOrderingProviderTest {
  @TempDir
  Path journalDir;

  @Test
  @DisplayName("is discovered by ServiceLoader under the name ovh")
  void discovered() {
    assertThat(ServiceLoader.load(ServerOrderingProvider.class).stream().map(p -> p.get().name()))
        .contains("ovh");
  }

  @Test
  @DisplayName("reports every missing or bad key at once, without revealing secrets")
  void validatesAllKeys() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.ovh.application-secret", "inlineSecretValue",
        "uncloud.ovh.subsidiary", "XX", "uncloud.ovh.endpoint", "ovh-mars")).withEnvironment(Map.of());
    assertThatThrownBy(() -> new OvhServerOrderingProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ovh.application-key")
        .hasMessageContaining("uncloud.ovh.consumer-key")
        .hasMessageContaining("inline value")
        .hasMessageContaining("uncloud.ovh.subsidiary")
        .hasMessageContaining("ovh-mars")
        .hasMessageNotContaining("inlineSecretValue");
  }

  @Test
  @DisplayName("builds a working ordering service from secret references, an HTTPS endpoint URL and its certificate")
  void createsFromConfig() {
    try (FakeOvh fake = new FakeOvh()) {
      ProviderConfig config = config(fake, "uncloud.ovh.journal-dir", journalDir.toString(),
          "uncloud.ovh.request-timeout-seconds", "5");
      try (ServerOrdering ordering = new OvhServerOrderingProvider().create(config)) {
        assertThat(ordering.catalog(ServerQuery.any())).hasSize(5);
        assertThat(ordering.toString()).doesNotContain(FakeOvh.AS).doesNotContain(FakeOvh.CK);
      }
    }
  }

  @Test
  @DisplayName("uncloud.server-order-journal naming no provider on the class path is refused, naming the key and the fix")
  void unknownJournalProviderRefused() {
    try (FakeOvh fake = new FakeOvh()) {
      ProviderConfig config = config(fake, "uncloud.server-order-journal", "jdbc");

      assertThatThrownBy(() -> new OvhServerOrderingProvider().create(config))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("uncloud.server-order-journal=jdbc")
          .hasMessageContaining("ch.uncloud:uncloud-jdbc");
    }
  }

  /** @return the keys that reach the fake with secret references from the environment, and the extra keys */
  private static ProviderConfig config(FakeOvh fake, String... extra) {
    Map<String, String> keys = new java.util.HashMap<>(Map.of(
        "uncloud.ovh.endpoint", fake.server.baseUrl(),
        "uncloud.ovh.trust-certificate", fake.certificate.toString(),
        "uncloud.ovh.application-key", "env:OVH_AK",
        "uncloud.ovh.application-secret", "env:OVH_AS",
        "uncloud.ovh.consumer-key", "env:OVH_CK"));
    for (int i = 0; i < extra.length; i += 2) {
      keys.put(extra[i], extra[i + 1]);
    }
    return ProviderConfig.of(keys)
        .withEnvironment(Map.of("OVH_AK", FakeOvh.AK, "OVH_AS", FakeOvh.AS, "OVH_CK", FakeOvh.CK));
  }
}
