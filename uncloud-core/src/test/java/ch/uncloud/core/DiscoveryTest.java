package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.core.internal.MemorySnapshotRecordsProvider;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.SnapshotBackendProvider;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.InMemorySnapshotBooks;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

  static final AtomicInteger BACKENDS = new AtomicInteger();
  static final AtomicReference<InMemorySnapshotBackend> LAST_BACKEND = new AtomicReference<>();

  /** Test-only snapshot backend provider: the testkit's in-memory backend, counting creations. */
  public static final class TestSnapshotBackendProvider implements SnapshotBackendProvider {
    @Override
    public String name() {
      return "test-memory";
    }

    @Override
    public SnapshotBackend create(ProviderConfig config) {
      BACKENDS.incrementAndGet();
      InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
      LAST_BACKEND.set(backend);
      return backend;
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
  @DisplayName("directory admins need uncloud.admins.directory-group, then only its members log in; readers read "
      + "balances without owning a service")
  void directoryAdminsAndReaders() {
    assertThatThrownBy(() -> UncloudCore.fromConfig(config(Map.of("uncloud.admins.from-directory", "true"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.admins.directory-group");

    try (Uncloud uncloud = UncloudCore.fromConfig(config(Map.of("uncloud.admins.from-directory", "true",
        "uncloud.admins.directory-group", "lab-admins", "uncloud.admins.readers", "bursar")))) {
      var credit = uncloud.credit();
      var nethz = ch.uncloud.api.Username.of("nethzuser");

      assertThatThrownBy(() -> credit.authenticate("nethzuser", Secret.of("nethzpass")))
          .isInstanceOf(ch.uncloud.api.BadCredentialsException.class);
      assertThat(credit.status(credit.authenticate("bursar", Secret.of("bursargeheim")), nethz).locked()).isFalse();
      assertThat(credit.authenticate("raplab", Secret.of("verygeheim")).ownedServices()).hasSize(2);
    }
  }

  @Test
  @DisplayName("problems of the credit keys and of provider selection are reported together, before any provider starts")
  void reportsCreditAndProviderProblemsTogether() {
    int started = CLOSED.get();
    ProviderConfig bad = config(Map.of("uncloud.currency", "Franken", "uncloud.payments", "no-such",
        "uncloud.shop-store", "nowhere"));

    assertThat(UncloudCore.configurationProblems(bad)).hasSize(3);
    assertThatThrownBy(() -> UncloudCore.fromConfig(bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("uncloud.currency")
        .hasMessageContaining("uncloud.payments=no-such")
        .hasMessageContaining("uncloud.shop-store=nowhere");
    assertThat(CLOSED.get()).as("nothing was started, so nothing was closed").isEqualTo(started);
  }

  @Test
  @DisplayName("uncloud.lock.reconcile-interval must be an ISO-8601 duration, zero or positive")
  void reconcileIntervalChecked() {
    assertThat(UncloudCore.configurationProblems(config(Map.of("uncloud.lock.reconcile-interval", "ten minutes"))))
        .singleElement().asString().contains("uncloud.lock.reconcile-interval").contains("ISO-8601");
    assertThat(UncloudCore.configurationProblems(config(Map.of("uncloud.lock.reconcile-interval", "-PT1M"))))
        .singleElement().asString().contains("uncloud.lock.reconcile-interval").contains("zero or positive");
    assertThat(UncloudCore.configurationProblems(config(Map.of("uncloud.lock.reconcile-interval", "PT0S")))).isEmpty();
  }

  @Test
  @DisplayName("a provider that fails to start closes the ones already started")
  void closesOnFailure() {
    int before = CLOSED.get();
    ProviderConfig config = config(Map.of("uncloud.ledger", "test-memory", "uncloud.payments", "unconfigured"));

    assertThatThrownBy(() -> UncloudCore.fromConfig(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.unconfigured.secret-key");
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

  @Test
  @DisplayName("a snapshot backend without uncloud.snapshot-records is refused with the fix, before the backend starts")
  void snapshotBackendNeedsRecordsChoice() {
    int before = BACKENDS.get();

    assertThatThrownBy(() -> UncloudCore.fromConfig(config(Map.of("uncloud.snapshots", "test-memory"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing uncloud.snapshot-records")
        .hasMessageContaining("uncloud.snapshot-records=jdbc (durable")
        .hasMessageContaining("uncloud.snapshot-records=memory (lost on restart: demo and tests only)");
    assertThat(BACKENDS.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("with uncloud.snapshot-records=memory written out, snapshots work and the limit comes from the backend's keys")
  void snapshotsFromConfig() {
    Username alice = Username.of("alice");
    ProviderConfig config = config(Map.of("uncloud.snapshots", "test-memory", "uncloud.snapshot-records", "memory",
        "uncloud.test-memory.max-snapshots-per-vm", "1", "uncloud.test-memory.rotate", "true"));

    try (Uncloud uncloud = UncloudCore.fromConfig(config)) {
      UUID vm = UUID.randomUUID();
      LAST_BACKEND.get().registerVm(alice, vm, 1L << 30);
      uncloud.snapshots().create(alice, vm, "monday");
      Snapshot tuesday = uncloud.snapshots().create(alice, vm, "tuesday");

      assertThat(uncloud.snapshots().list(alice, Optional.of(vm))).extracting(Snapshot::id).containsExactly(tuesday.id());
      assertThat(LAST_BACKEND.get().snapshotsOnDisk(vm, 0)).containsExactly("tuesday");
    }
    assertThat(LAST_BACKEND.get().isClosed()).isTrue();
  }

  @Test
  @DisplayName("bad snapshot limit keys and a missing records choice are reported at once")
  void snapshotProblemsAtOnce() {
    ProviderConfig config = config(Map.of("uncloud.snapshots", "test-memory",
        "uncloud.test-memory.max-snapshots-per-vm", "-1", "uncloud.test-memory.rotate", "yes"));

    assertThatThrownBy(() -> UncloudCore.fromConfig(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("uncloud.test-memory.max-snapshots-per-vm")
        .hasMessageContaining("uncloud.test-memory.rotate")
        .hasMessageContaining("missing uncloud.snapshot-records");
  }

  @Test
  @DisplayName("an unknown snapshot-records name fails like every provider choice, naming what is on the class path")
  void unknownSnapshotRecords() {
    ProviderConfig config = config(Map.of("uncloud.snapshots", "test-memory", "uncloud.snapshot-records", "etcd"));

    assertThatThrownBy(() -> UncloudCore.fromConfig(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd")
        .hasMessageContaining("memory (" + MemorySnapshotRecordsProvider.class.getName() + ")");
  }

  @Test
  @DisplayName("snapshot books wired by hand need no uncloud.snapshot-records, and a limit wired by hand wins over the keys")
  void wiredBooksAndLimit() {
    Username alice = Username.of("alice");
    InMemorySnapshotBooks books = InMemorySnapshotBooks.create();
    ProviderConfig config = config(Map.of("uncloud.snapshots", "test-memory",
        "uncloud.test-memory.max-snapshots-per-vm", "1", "uncloud.test-memory.rotate", "true"));

    try (Uncloud uncloud = UncloudCore.builder().configure(config).snapshotBooks(books).maxSnapshotsPerVm(2).build()) {
      UUID vm = UUID.randomUUID();
      LAST_BACKEND.get().registerVm(alice, vm, 1L << 30);
      uncloud.snapshots().create(alice, vm, "one");
      uncloud.snapshots().create(alice, vm, "two");
      uncloud.snapshots().create(alice, vm, "three");

      assertThat(uncloud.snapshots().list(alice, Optional.of(vm))).extracting(Snapshot::name)
          .containsExactly("two", "three");
      assertThat(books.usages()).hasSize(3);
    }
    assertThat(books.isClosed()).isTrue();
  }
}
