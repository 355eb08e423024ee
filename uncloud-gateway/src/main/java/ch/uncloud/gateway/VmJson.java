package ch.uncloud.gateway;

import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.Vm;
import ch.uncloud.api.snapshots.VmDisk;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

/** The JSON shapes of VMs and snapshots, as {@code openapi/vms.json} describes them. */
final class VmJson {
  private static final JsonProvider JSON = JsonProvider.provider();

  private VmJson() {}

  /**
   * @param vm a VM
   * @return its UUID, order, product and disks
   */
  static JsonObject vm(Vm vm) {
    JsonArrayBuilder disks = JSON.createArrayBuilder();
    for (VmDisk disk : vm.disks()) {
      disks.add(JSON.createObjectBuilder().add("cluster", disk.cluster()).add("pool", disk.pool())
          .add("image", disk.image()));
    }
    return JSON.createObjectBuilder()
        .add("vm_id", vm.id().toString())
        .add("username", vm.owner().toString())
        .add("order_id", vm.orderId())
        .add("product", vm.productCode())
        .add("provisioned", vm.provisioned())
        .add("disks", disks)
        .build();
  }

  /**
   * @param snapshot a snapshot
   * @return its id, VM, name, disks with sizes, creation time and protection
   */
  static JsonObject snapshot(Snapshot snapshot) {
    JsonArrayBuilder disks = JSON.createArrayBuilder();
    for (SnapshotDisk disk : snapshot.disks()) {
      disks.add(JSON.createObjectBuilder().add("cluster", disk.cluster()).add("pool", disk.pool())
          .add("image", disk.image()).add("size_bytes", disk.sizeBytes()));
    }
    return JSON.createObjectBuilder()
        .add("snapshot_id", snapshot.id())
        .add("vm_id", snapshot.vmId().toString())
        .add("name", snapshot.name())
        .add("size_bytes", snapshot.sizeBytes())
        .add("created_at", snapshot.createdAt().toString())
        .add("protected", snapshot.isProtected())
        .add("disks", disks)
        .build();
  }

  /**
   * @param snapshot a snapshot just deleted
   * @return its id and VM, marked deleted
   */
  static JsonObject deleted(Snapshot snapshot) {
    return JSON.createObjectBuilder()
        .add("snapshot_id", snapshot.id())
        .add("vm_id", snapshot.vmId().toString())
        .add("deleted", true)
        .build();
  }
}
