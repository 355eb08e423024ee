package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UncloudCore.fromConfig with providers found by ServiceLoader (registered in this module's test resources only). */
class DiscoveryTest {
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** Test-only ledger provider; the testkit's fakes themselves are never registered. */
  public static final class TestLedgerProvider implements LedgerProvider {
    @Override
    public String name() {
      return "test-memory";
    }

    @Override
    public Ledger create(ProviderConfig config) {
      return InMemoryLedger.create();
    }
  }

  /** Test-only directory provider that counts closes. */
  public static final class TestDirectoryProvider implements AccountDirectoryProvider {
    @Override
    public String name() {
      return "test-memory";
    }

    @Override
    public AccountDirectory create(ProviderConfig config) {
      if (config.get("test.directory.fail").isPresent()) {
        throw new ConfigurationException("test.directory.fail is set");
      }
      InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
      return new AccountDirectory() {
        @Override public java.util.Optional<ch.uncloud.spi.DirectoryEntry> find(ch.uncloud.api.Username u) { return directory.find(u); }
        @Override public ch.uncloud.spi.DirectoryEntry authenticate(ch.uncloud.api.Username u, Secret p) { return directory.authenticate(u, p); }
        @Override public boolean isAuthorized(ch.uncloud.api.Username u, String f) { return directory.isAuthorized(u, f); }
        @Override public boolean isMember(ch.uncloud.api.Username u, String g) { return directory.isMember(u, g); }
        @Override public boolean isLocked(ch.uncloud.api.Username u) { return directory.isLocked(u); }
        @Override public void setLocked(ch.uncloud.api.Username u, boolean l) { directory.setLocked(u, l); }
        @Override public void close() { CLOSED.incrementAndGet(); }
      };
    }
  }

  /** An optional provider that is on the class path but not configured: it must stay unused. */
  public static final class UnconfiguredPaymentsProvider implements ch.uncloud.spi.PaymentGatewayProvider {
    @Override
    public String name() {
      return "unconfigured";
    }

    @Override
    public ch.uncloud.spi.PaymentGateway create(ProviderConfig config) {
      throw new ConfigurationException("missing uncloud.unconfigured.secret-key");
    }
  }

  private static final String HASH = PasswordHash.create(Secret.of("verygeheim"), 1_000).encoded();

  private static ProviderConfig config(Map<String, String> extra) {
    Map<String, String> values = new java.util.HashMap<>(Map.of(
        "uncloud.currency", "CHF",
        "uncloud.zone", "Europe/Zurich",
        "uncloud.admins", "raplab, bursar",
        "uncloud.admin.raplab.password-hash", HASH,
        "uncloud.admin.bursar.password", "env:BURSAR_PASSWORD",
        "uncloud.services", "3dprint lasercutter",
        "uncloud.service.3dprint.owners", "raplab",
        "uncloud.service.3dprint.max-charge", "500.00",
        "uncloud.service.lasercutter.owner-groups", "lab-admins",
        "uncloud.service.lasercutter.max-charge", "500.00"));
    values.putAll(extra);
    return ProviderConfig.of(values).withEnvironment(Map.of("BURSAR_PASSWORD", "bursargeheim"));
  }

  @Test
  @DisplayName("fromConfig discovers the providers and configures admins and services from keys")
  void discoversAndConfigures() {
    try (Uncloud uncloud = UncloudCore.fromConfig(config(Map.of()))) {
      Charge charge = uncloud.credit().chargeUser("raplab", Secret.of("verygeheim"),
          ChargeRequest.of("lasercutter", "nethzuser", "12.00", "CHF", "acrylic"));

      assertThat(charge.balance().toString()).isEqualTo("-12.00 CHF");
      assertThat(uncloud.credit().authenticate("bursar", Secret.of("bursargeheim")).admin()).isEqualTo("bursar");
    }
  }

  @Test
  @DisplayName("an absent optional provider is reported when it is asked for")
  void missingOptionalProvider() {
    try (Uncloud uncloud = UncloudCore.fromConfig(config(Map.of()))) {
      assertThatThrownBy(uncloud::payments).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("uncloud.payments=stripe")
          .hasMessageContaining("ch.uncloud:uncloud-stripe");
    }
  }

  @Test
  @DisplayName("an optional provider is created only when its key selects it")
  void optionalProvidersNeedSelection() {
    assertThatThrownBy(() -> UncloudCore.fromConfig(config(Map.of("uncloud.payments", "unconfigured"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.unconfigured.secret-key");
    try (Uncloud uncloud = UncloudCore.fromConfig(config(Map.of("uncloud.payments", "none")))) {
      assertThatThrownBy(uncloud::payments).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  @DisplayName("every configuration problem is reported at once")
  void reportsAllProblems() {
    ProviderConfig bad = config(Map.of(
        "uncloud.currency", "Franken",
        "uncloud.admins", "raplab, ghost",
        "uncloud.admin.raplab.password-hash", "md5$x",
        "uncloud.services", "3dprint Bad_Name",
        "uncloud.service.3dprint.max-charge", "lots"));

    assertThatThrownBy(() -> UncloudCore.fromConfig(bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.currency")
        .hasMessageContaining("uncloud.admin.raplab.password-hash")
        .hasMessageContaining("admin ghost")
        .hasMessageContaining("Bad_Name")
        .hasMessageContaining("lots");
  }

  @Test
  @DisplayName("a provider that fails to start closes the ones already started")
  void closesOnFailure() {
    int before = CLOSED.get();
    ProviderConfig config = config(Map.of("uncloud.ledger", "test-memory", "uncloud.payments", "no-such"));

    assertThatThrownBy(() -> UncloudCore.fromConfig(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.payments=no-such");
    assertThat(CLOSED.get()).as("the directory started before the failure was closed").isEqualTo(before + 1);
  }

  @Test
  @DisplayName("closing the instance closes its providers once")
  void closeClosesProviders() {
    int before = CLOSED.get();
    Uncloud uncloud = UncloudCore.fromConfig(config(Map.of()));
    uncloud.close();
    uncloud.close();

    assertThat(CLOSED.get()).isEqualTo(before + 1);
  }
}
