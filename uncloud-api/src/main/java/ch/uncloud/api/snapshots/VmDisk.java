package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;

/**
 * One disk of a VM: an image in a pool of a storage cluster (for Ceph an RBD image). Immutable and
 * thread-safe.
 *
 * @param cluster the cluster's name ({@value #DEFAULT_CLUSTER} for the default cluster)
 * @param pool the pool
 * @param image the image
 */
public record VmDisk(String cluster, String pool, String image) {
  /** The name of the default cluster (for Ceph the one configured by the {@code uncloud.ceph.*} keys). */
  public static final String DEFAULT_CLUSTER = "ceph";

  /**
   * @param cluster the cluster's name ({@value #DEFAULT_CLUSTER} for the default cluster)
   * @param pool the pool
   * @param image the image
   * @throws InvalidRequestException ({@code invalid_argument}) if a part is blank or contains '/', '@', ':',
   *     whitespace or control characters
   */
  public VmDisk {
    check(cluster, "cluster name");
    check(pool, "pool name");
    check(image, "image name");
  }

  /**
   * @param pool the pool
   * @param image the image
   * @return a disk on the default cluster
   * @throws InvalidRequestException ({@code invalid_argument}) if a part is malformed
   */
  public static VmDisk of(String pool, String image) {
    return new VmDisk(DEFAULT_CLUSTER, pool, image);
  }

  /**
   * Parses {@code [cluster:]pool/image}.
   *
   * @param spec the text
   * @param defaultPool the pool when {@code spec} has no {@code /}
   * @return the disk
   * @throws InvalidRequestException ({@code invalid_argument}) if the text is malformed
   */
  public static VmDisk parse(String spec, String defaultPool) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "disk is empty; write it as [cluster:]pool/image");
    }
    String rest = spec.strip();
    String cluster = DEFAULT_CLUSTER;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      cluster = rest.substring(0, colon);
      rest = rest.substring(colon + 1);
    }
    int slash = rest.indexOf('/');
    String pool = slash < 0 ? defaultPool : rest.substring(0, slash);
    String image = slash < 0 ? rest : rest.substring(slash + 1);
    return new VmDisk(cluster, pool, image);
  }

  /** @return {@code pool/image}, as the {@code rbd} tool writes it */
  public String imageSpec() {
    return pool + "/" + image;
  }

  /** @return {@code cluster:pool/image} */
  @Override
  public String toString() {
    return cluster + ":" + imageSpec();
  }

  private static void check(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " is missing; write a disk as [cluster:]pool/image");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '@' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " '" + value.replaceAll("\\p{Cntrl}", "?")
            + "' must not contain '/', '@', ':', spaces or control characters");
      }
    }
  }
}
