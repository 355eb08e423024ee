package ch.uncloud.api.snapshots;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the snapshot service found when it compared its records with the cluster: disk snapshots that
 * are recorded but missing on the cluster, and snapshots on the VMs' disks that no record knows.
 * Nothing is repaired automatically: an operator decides.
 *
 * @param discrepancies every difference found, in no particular order
 */
public record SnapshotReconciliation(List<Discrepancy> discrepancies) {
  /**
   * Copies the list.
   *
   * @param discrepancies every difference found, in no particular order
   */
  public SnapshotReconciliation {
    discrepancies = List.copyOf(discrepancies);
  }

  /** @return whether records and cluster agree */
  public boolean isConsistent() {
    return discrepancies.isEmpty();
  }

  /** @return the recorded disk snapshots missing on the cluster */
  public List<Discrepancy> missingOnCluster() {
    return discrepancies.stream().filter(d -> d.kind() == Kind.MISSING_ON_CLUSTER).toList();
  }

  /** @return the disk snapshots on the cluster that no record knows */
  public List<Discrepancy> unrecorded() {
    return discrepancies.stream().filter(d -> d.kind() == Kind.UNRECORDED).toList();
  }

  /** Which side lacks the snapshot. */
  public enum Kind {
    /** Recorded (and billed) but not on the cluster. */
    MISSING_ON_CLUSTER,
    /** On the cluster but not recorded (so not billed). */
    UNRECORDED
  }

  /**
   * One disk snapshot present on one side only.
   *
   * @param kind which side lacks it
   * @param vmId the VM the disk belongs to
   * @param snapshotName the snapshot's name on the disk
   * @param disk the disk
   * @param snapshotId the record's id for {@link Kind#MISSING_ON_CLUSTER}, else {@code null}
   */
  public record Discrepancy(Kind kind, UUID vmId, String snapshotName, SnapshotDisk disk, String snapshotId) {
    /**
     * @throws NullPointerException if a required field is null
     *
     * @param kind which side lacks it
     * @param vmId the VM the disk belongs to
     * @param snapshotName the snapshot's name on the disk
     * @param disk the disk
     * @param snapshotId the record's id for {@link Kind#MISSING_ON_CLUSTER}, else {@code null}
     */
    public Discrepancy {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(vmId, "vmId");
      Objects.requireNonNull(snapshotName, "snapshotName");
      Objects.requireNonNull(disk, "disk");
    }

    @Override
    public String toString() {
      return kind + " " + disk.cluster() + ":" + disk.imageSpec() + "@" + snapshotName + " (vm " + vmId
          + (snapshotId == null ? "" : ", snapshot " + snapshotId) + ")";
    }
  }
}
