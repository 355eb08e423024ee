package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Names;
import java.util.Objects;

/**
 * One disk of a VM snapshot: an RBD image in a pool of a Ceph cluster, and its provisioned size
 * when the snapshot was taken.
 *
 * @param cluster the cluster's name in the configuration ({@code ceph} for the default cluster)
 * @param pool the pool
 * @param image the image
 * @param sizeBytes the image's provisioned size at snapshot time, in bytes
 */
public record SnapshotDisk(String cluster, String pool, String image, long sizeBytes) {
  /**
   * @throws InvalidRequestException ({@code invalid_argument}) if a name is blank or the size negative
   *
   * @param cluster the cluster's name in the configuration ({@code ceph} for the default cluster)
   * @param pool the pool
   * @param image the image
   * @param sizeBytes the image's provisioned size at snapshot time, in bytes
   */
  public SnapshotDisk {
    Names.requireText(cluster, "cluster name", 256);
    Names.requireText(pool, "pool name", 256);
    Names.requireText(image, "image name", 256);
    if (sizeBytes < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "disk size must not be negative");
    }
  }

  /** @return {@code pool/image}, as the {@code rbd} tool writes it */
  public String imageSpec() {
    return pool + "/" + image;
  }

  /**
   * @param other another disk
   * @return whether both name the same image (sizes are ignored)
   */
  public boolean sameImage(SnapshotDisk other) {
    return Objects.equals(cluster, other.cluster) && Objects.equals(pool, other.pool)
        && Objects.equals(image, other.image);
  }
}
