package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.Vm;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.VmProvisioning;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryShopStore;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.InMemoryVmInventory;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("every active VM or hosting order is a VM in the inventory, provisioned and retired by the core")
class VmProvisioningTest {
  private static final Map<String, String> VM = Map.of("cores", "2", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12");
  private static final Map<String, String> BIGGER_VM = Map.of("cores", "4", "ram_gb", "4", "os_disk_gb", "20", "os",
      "debian-12");
  private static final long GIB = 1024L * 1024 * 1024;

  private final TestClock clock = TestClock.at("2026-11-01T00:00:00Z");
  private final InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
  private final RecordingProvisioning provisioning = new RecordingProvisioning(backend);
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.withContractFixture())
      .shopStore(InMemoryShopStore.create())
      .snapshotBackend(backend)
      .vmProvisioning(provisioning)
      .clock(clock)
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private Order order(String user, String product, Map<String, String> parameters, String key) {
    return uncloud.orders().placeOrder(OrderRequest.of(user, product, parameters).withIdempotencyKey(key)).order();
  }

  private Order vmOrder(String user) {
    order(user, "membership", Map.of(), user + "-membership");
    return order(user, "ipv6-vm", VM, user + "-vm");
  }

  @Test
  void aVmOrderIsProvisionedWithItsOsDiskAndListedWithItsUuid() {
    Order ordered = vmOrder("nethzuser");

    List<Vm> vms = uncloud.vms().list(Username.of("nethzuser"));

    assertThat(vms).singleElement().satisfies(vm -> {
      assertThat(vm.orderId()).isEqualTo(ordered.id());
      assertThat(vm.productCode()).isEqualTo("ipv6-vm");
      assertThat(vm.disks()).hasSize(1);
    });
    VirtualMachine registered = backend.inventory().orElseThrow().find(vms.get(0).id()).orElseThrow();
    assertThat(registered.owner()).isEqualTo(Username.of("nethzuser"));
    assertThat(registered.disks()).isEqualTo(vms.get(0).disks());
    assertThat(provisioning.requests).singleElement()
        .satisfies(r -> assertThat(r.osDiskBytes()).isEqualTo(20 * GIB));
  }

  @Test
  void membershipAndVpnOrdersAreNoVms() {
    vmOrder("nethzuser");
    order("nethzuser", "ipv6-vpn", Map.of(), "vpn");

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).hasSize(1);
    assertThat(provisioning.requests).hasSize(1);
  }

  @Test
  void aHostingOrderIsAVmToo() {
    order("nethzuser", "membership", Map.of(), "m");
    order("nethzuser", "django-hosting", VM, "h");

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).extracting(Vm::productCode).containsExactly("django-hosting");
  }

  @Test
  void aReplayedOrderIsProvisionedOnce() {
    vmOrder("nethzuser");
    order("nethzuser", "ipv6-vm", VM, "nethzuser-vm");

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).hasSize(1);
    assertThat(backend.inventory().orElseThrow().all()).hasSize(1);
  }

  @Test
  void aChangedOrderKeepsItsVmAndUuid() {
    Order first = vmOrder("nethzuser");
    UUID before = uncloud.vms().list(Username.of("nethzuser")).get(0).id();

    Order upgraded = uncloud.orders().change(Username.of("nethzuser"), first.id(), BIGGER_VM, null);

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).singleElement().satisfies(vm -> {
      assertThat(vm.id()).isEqualTo(before);
      assertThat(vm.orderId()).isEqualTo(upgraded.id());
    });
    assertThat(backend.inventory().orElseThrow().all()).hasSize(1);
  }

  @Test
  void anEndedOrdersVmIsNoLongerListedAndIsRetiredFromTheInventory() {
    Order ordered = vmOrder("nethzuser");
    UUID vmId = uncloud.vms().list(Username.of("nethzuser")).get(0).id();
    Order cancelled = uncloud.orders().cancel(Username.of("nethzuser"), ordered.id());

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).hasSize(1); // runs until its end
    clock.set(cancelled.end());

    assertThat(uncloud.vms().list(Username.of("nethzuser"))).isEmpty();
    assertThat(provisioning.retired).containsExactly(vmId);
    assertThat(backend.inventory().orElseThrow().find(vmId)).isEmpty();
  }

  @Test
  void anEndedOrdersVmCannotBeSnapshotted() {
    Order ordered = vmOrder("nethzuser");
    UUID vmId = uncloud.vms().list(Username.of("nethzuser")).get(0).id();
    clock.set(uncloud.orders().cancel(Username.of("nethzuser"), ordered.id()).end().plus(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> uncloud.snapshots().create(Username.of("nethzuser"), vmId, "late"))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo("unknown_vm"));
    assertThat(provisioning.retired).containsExactly(vmId);
  }

  @Test
  void anotherPersonsVmIsUnknownLikeAMissingOne() {
    vmOrder("nethzuser");
    UUID theirs = uncloud.vms().list(Username.of("nethzuser")).get(0).id();

    assertThat(uncloud.vms().list(Username.of("erstsemester"))).isEmpty();
    NotFoundException foreign = catchNotFound(() -> uncloud.vms().get(Username.of("erstsemester"), theirs));
    NotFoundException missing = catchNotFound(() -> uncloud.vms().get(Username.of("erstsemester"), UUID.randomUUID()));
    assertThat(foreign.errorCode()).isEqualTo(missing.errorCode()).isEqualTo("unknown_vm");
    assertThatThrownBy(() -> uncloud.snapshots().create(Username.of("erstsemester"), theirs, "mine"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void theOwnersVmIsFoundWhateverTheSpellingOfTheirName() {
    vmOrder("nethzuser");

    assertThat(uncloud.vms().list(Username.of("NethzUser"))).hasSize(1);
  }

  @Test
  void aFailedProvisioningKeepsTheOrderAndARetryWithItsKeyProvisionsIt() {
    order("nethzuser", "membership", Map.of(), "m");
    provisioning.failNext = true;

    assertThatThrownBy(() -> order("nethzuser", "ipv6-vm", VM, "vm-key")).isInstanceOf(ProviderUnavailableException.class);
    assertThat(uncloud.vms().list(Username.of("nethzuser"))).singleElement()
        .satisfies(vm -> assertThat(vm.provisioned()).isFalse());

    order("nethzuser", "ipv6-vm", VM, "vm-key");
    assertThat(uncloud.vms().list(Username.of("nethzuser"))).singleElement()
        .satisfies(vm -> assertThat(vm.provisioned()).isTrue());
  }

  @Test
  void atStartTheActiveOrdersVmsThatTheHostLacksAreProvisionedAgain() {
    vmOrder("nethzuser");
    UUID vmId = uncloud.vms().list(Username.of("nethzuser")).get(0).id();
    ((InMemoryVmInventory) backend.inventory().orElseThrow()).remove(vmId); // a host that forgot it

    assertThat(((UncloudCore) uncloud).provisionMissingVms()).isEqualTo(1);

    assertThat(uncloud.vms().get(Username.of("nethzuser"), vmId).provisioned()).isTrue();
    assertThat(((UncloudCore) uncloud).provisionMissingVms()).isZero();
  }

  @Test
  void withoutProvisioningTheVmsOfAnInventoryFedElsewhereAreListed() {
    InMemoryVmInventory inventory = new InMemoryVmInventory();
    try (Uncloud plain = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .shopStore(InMemoryShopStore.create())
        .vmInventory(inventory)
        .snapshotBackend(backend)
        .clock(clock)
        .build()) {
      plain.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()));
      plain.orders().placeOrder(OrderRequest.of("nethzuser", "ipv6-vm", VM));
      Vm unprovisioned = plain.vms().list(Username.of("nethzuser")).get(0);
      assertThat(unprovisioned.disks()).isEmpty();

      inventory.put(new VirtualMachine(unprovisioned.id(), Username.of("nethzuser"), List.of(VmDisk.of("rbd", "img"))));

      assertThat(plain.vms().get(Username.of("nethzuser"), unprovisioned.id()).disks())
          .containsExactly(VmDisk.of("rbd", "img"));
    }
  }

  @Test
  void theDemosSimulatedVmsCanBeSnapshotted() {
    try (Uncloud demo = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .shopStore(InMemoryShopStore.create())
        .memoryVms()
        .clock(clock)
        .build()) {
      demo.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()));
      demo.orders().placeOrder(OrderRequest.of("nethzuser", "ipv6-vm", VM));
      UUID vmId = demo.vms().list(Username.of("nethzuser")).get(0).id();

      demo.snapshots().create(Username.of("nethzuser"), vmId, "before-upgrade");

      assertThat(demo.snapshots().list(Username.of("nethzuser"), Optional.of(vmId))).singleElement()
          .satisfies(s -> assertThat(s.sizeBytes()).isEqualTo(20 * GIB));
    }
  }

  private static NotFoundException catchNotFound(Runnable call) {
    try {
      call.run();
    } catch (NotFoundException e) {
      return e;
    }
    throw new AssertionError("expected a NotFoundException");
  }

  /** Provisions on the in-memory backend, as a hosting system would, and remembers the calls. */
  private static final class RecordingProvisioning implements VmProvisioning {
    private final InMemorySnapshotBackend backend;
    final List<Request> requests = new ArrayList<>();
    final List<UUID> retired = new ArrayList<>();
    boolean failNext;

    RecordingProvisioning(InMemorySnapshotBackend backend) {
      this.backend = backend;
    }

    @Override
    public synchronized VirtualMachine provision(Request request) {
      if (failNext) {
        failNext = false;
        throw new ProviderUnavailableException("the hypervisor is down; try again");
      }
      Optional<VirtualMachine> existing = backend.inventory().orElseThrow().find(request.vmId());
      if (existing.isPresent()) {
        return existing.get();
      }
      requests.add(request);
      return backend.registerVm(request.owner(), request.vmId(), request.osDiskBytes());
    }

    @Override
    public synchronized void retire(UUID vmId) {
      retired.add(vmId);
      ((ch.uncloud.testkit.InMemoryVmInventory) backend.inventory().orElseThrow()).remove(vmId);
    }
  }
}
