package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.Vm;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.api.snapshots.VmService;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.VmInventory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's VMs from their orders ({@link VmOrders}) and the disks the inventory lists. A VM whose
 * orders have all ended is not listed and is retired when it is next looked at, by this service or
 * by the snapshot service through {@link #inventoryView}. Thread-safe.
 */
public final class CoreVmService implements VmService {
  private final ShopStore store;
  private final KnownUsers users;
  private final VmOrders vmOrders;
  private final VmInventory inventory;
  private final Clock clock;

  /**
   * @param store the orders
   * @param users resolves account names to the directory's spelling
   * @param vmOrders which orders are VMs, and their provisioning
   * @param inventory the VMs' disks, or {@code null} if none is configured (VMs are then listed without disks)
   * @param clock the time
   */
  public CoreVmService(ShopStore store, KnownUsers users, VmOrders vmOrders, VmInventory inventory, Clock clock) {
    this.store = store;
    this.users = users;
    this.vmOrders = vmOrders;
    this.inventory = inventory;
    this.clock = clock;
  }

  @Override
  public List<Vm> list(Username asked) {
    Username account = users.canonicalOrSame(asked);
    Instant now = clock.instant();
    List<Vm> vms = new ArrayList<>();
    for (Map.Entry<UUID, List<Order>> chain : vmOrders.chains(store.orders(account)).entrySet()) {
      Optional<Order> active = VmOrders.activeOrder(chain.getValue(), now);
      if (active.isPresent()) {
        vms.add(new Vm(chain.getKey(), account, active.get().id(), active.get().productCode(), disks(chain.getKey())));
      } else if (VmOrders.ended(chain.getValue(), now) && inventory != null
          && inventory.find(chain.getKey()).isPresent()) {
        vmOrders.retire(chain.getKey());
      }
    }
    return vms;
  }

  @Override
  public Vm get(Username account, UUID vmId) {
    return list(account).stream().filter(vm -> vm.id().equals(vmId)).findFirst()
        .orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_VM, "no VM " + vmId + " for " + account
            + "; list your VMs to find its UUID"));
  }

  /**
   * Provisions the VM of every active VM order whose VM the inventory lacks: at start, for a host
   * that keeps no state of its own (the demo's simulated VMs), or after provisioning was down.
   *
   * @return how many VMs were provisioned
   */
  public int provisionMissing() {
    Instant now = clock.instant();
    int provisioned = 0;
    for (Order order : store.ordersOverlapping(now, now.plusMillis(1))) {
      if (order.activeAt(now) && vmOrders.isVm(order.productCode())
          && (inventory == null || inventory.find(vmOrders.vmId(order)).isEmpty())) {
        vmOrders.provision(order);
        provisioned++;
      }
    }
    return provisioned;
  }

  /**
   * @param base the inventory provisioning registers VMs in
   * @return the same inventory, except that a VM whose orders have all ended is retired and no longer
   *     found (a VM no order knows, such as one listed by hand, passes unchanged)
   */
  public VmInventory inventoryView(VmInventory base) {
    return new VmInventory() {
      @Override
      public Optional<VirtualMachine> find(UUID vmId) {
        Optional<VirtualMachine> vm = base.find(vmId);
        if (vm.isEmpty()) {
          return vm;
        }
        List<Order> chain = vmOrders.chains(store.orders(vm.get().owner())).get(vmId);
        if (chain != null && VmOrders.ended(chain, clock.instant())) {
          vmOrders.retire(vmId);
          return Optional.empty();
        }
        return vm;
      }

      @Override
      public List<VirtualMachine> all() {
        return base.all();
      }
    };
  }

  private List<VmDisk> disks(UUID vmId) {
    return inventory == null ? List.of() : inventory.find(vmId).map(VirtualMachine::disks).orElse(List.of());
  }
}
