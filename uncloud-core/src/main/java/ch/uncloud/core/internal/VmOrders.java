package ch.uncloud.core.internal;

import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmService;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.VmProvisioning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rule that turns orders into VMs: an order of a product with an {@value VmService#DISK_PARAMETER}
 * parameter is a VM; its UUID is derived from the first order of its chain (an order and the orders
 * that replaced it), so a changed order keeps its VM; and provisioning, when wired, creates it once
 * the order is stored and retires it once every order of the chain has ended. Thread-safe.
 */
public final class VmOrders {
  private final Catalog catalog;
  private final ShopStore store;
  private final VmProvisioning provisioning;

  /**
   * @param catalog the products
   * @param store the orders
   * @param provisioning creates and retires the VMs, or {@code null} if they are provisioned elsewhere
   */
  public VmOrders(Catalog catalog, ShopStore store, VmProvisioning provisioning) {
    this.catalog = catalog;
    this.store = store;
    this.provisioning = provisioning;
  }

  /**
   * @param productCode a product's code
   * @return whether its orders are VMs
   */
  boolean isVm(String productCode) {
    return catalog.product(productCode).parameters().stream()
        .anyMatch(p -> p.name().equals(VmService.DISK_PARAMETER));
  }

  /**
   * @param order an order of a VM product
   * @return the UUID of its VM: the same for the order and every order replacing it
   */
  UUID vmId(Order order) {
    Order first = order;
    while (first.replaces() != null) {
      Optional<Order> replaced = store.order(first.replaces());
      if (replaced.isEmpty()) {
        break;
      }
      first = replaced.get();
    }
    return UUID.nameUUIDFromBytes(("uncloud:vm:" + first.id()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Provisions the VM of a stored order (again, if it was replayed: provisioning is idempotent).
   *
   * @param order an order just stored or replayed
   */
  void provision(Order order) {
    if (provisioning != null && isVm(order.productCode())) {
      VirtualMachine vm = provisioning.provision(new VmProvisioning.Request(vmId(order), order.account(), order.id(),
          order.productCode(), order.parameters()));
      if (!vm.id().equals(vmId(order)) || !vm.owner().equals(order.account())) {
        throw new IllegalStateException("provisioning registered " + vm.id() + " of " + vm.owner() + " for order "
            + order.id() + "; it must register the requested VM for the order's account");
      }
    }
  }

  /**
   * @param vmId a VM whose orders have all ended
   */
  void retire(UUID vmId) {
    if (provisioning != null) {
      provisioning.retire(vmId);
    }
  }

  /**
   * @param orders one account's orders
   * @return the account's VMs by UUID, each with its chain's orders in the given order
   */
  Map<UUID, List<Order>> chains(List<Order> orders) {
    Map<UUID, List<Order>> chains = new LinkedHashMap<>();
    for (Order order : orders) {
      if (isVm(order.productCode())) {
        chains.computeIfAbsent(vmId(order), id -> new java.util.ArrayList<>()).add(order);
      }
    }
    return chains;
  }

  /**
   * @param chain the orders of one VM
   * @param now the time
   * @return the order the VM runs under now, if any
   */
  static Optional<Order> activeOrder(List<Order> chain, Instant now) {
    return chain.stream().filter(o -> o.activeAt(now)).reduce((a, b) -> b);
  }

  /**
   * @param chain the orders of one VM
   * @param now the time
   * @return whether every order of the chain has ended (none runs now or starts later)
   */
  static boolean ended(List<Order> chain, Instant now) {
    return chain.stream().allMatch(o -> o.end() != null && !o.end().isAfter(now));
  }
}
