package ch.uncloud.api;

/**
 * A storage object the configuration or the VM inventory names (a Ceph pool, an RBD image) does not
 * exist. An operator must fix the inventory or create the object. Error code {@code storage_missing}.
 */
public final class StorageMissingException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do next */
  public StorageMissingException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public StorageMissingException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFIGURATION;
  }

  @Override
  public String errorCode() {
    return "storage_missing";
  }
}
