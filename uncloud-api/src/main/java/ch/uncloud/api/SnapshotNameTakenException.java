package ch.uncloud.api;

/** The VM already has a snapshot of that name. Error code {@code snapshot_name_taken}. */
public final class SnapshotNameTakenException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do next */
  public SnapshotNameTakenException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public SnapshotNameTakenException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "snapshot_name_taken";
  }
}
