package ch.uncloud.api.snapshots;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import java.util.List;

/**
 * A snapshot cannot be unprotected or deleted because clones (images created from it) still depend
 * on it. Error code {@code snapshot_has_clones}.
 */
public final class SnapshotHasClonesException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /** The dependent clones, as {@code pool/image}; an unmodifiable, serializable list. */
  private final List<String> clones;

  /**
   * @param message what went wrong and what to do next
   * @param clones the dependent clones, as {@code pool/image}
   */
  public SnapshotHasClonesException(String message, List<String> clones) {
    this(message, clones, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param clones the dependent clones, as {@code pool/image}
   * @param cause the underlying failure
   */
  public SnapshotHasClonesException(String message, List<String> clones, Throwable cause) {
    super(ErrorCodes.SNAPSHOT_HAS_CLONES, message, cause);
    this.clones = List.copyOf(clones);
  }

  /** @return the clones that depend on the snapshot, as {@code pool/image} */
  public List<String> clones() {
    return clones;
  }

}
