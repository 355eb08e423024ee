/**
 * VM snapshots: all disks of a VM under one name, all or nothing, billed by the GB-second
 * ({@link ch.uncloud.api.snapshots.SnapshotPricing}). Users call the
 * {@link ch.uncloud.api.snapshots.SnapshotService}; the core applies the rules over a
 * {@link ch.uncloud.spi.SnapshotBackend} and the VMs a {@link ch.uncloud.spi.VmInventory} lists
 * ({@link ch.uncloud.api.snapshots.VirtualMachine}, {@link ch.uncloud.api.snapshots.VmDisk}).
 */
package ch.uncloud.api.snapshots;
