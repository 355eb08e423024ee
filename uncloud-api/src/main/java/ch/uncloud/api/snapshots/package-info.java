/**
 * VM snapshots: all disks of a VM under one name, all or nothing, billed by the GB-second
 * ({@link ch.uncloud.api.snapshots.SnapshotPricing}).
 */
package ch.uncloud.api.snapshots;
