package ch.uncloud.api;

/** The VM has as many snapshots as allowed and none can be rotated out. Error code {@code snapshot_limit_reached}. */
public final class SnapshotLimitReachedException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do next */
  public SnapshotLimitReachedException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public SnapshotLimitReachedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "snapshot_limit_reached";
  }
}
