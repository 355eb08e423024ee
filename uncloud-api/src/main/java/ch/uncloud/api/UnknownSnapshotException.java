package ch.uncloud.api;

/** No such snapshot for this account. Error code {@code unknown_snapshot}. */
public final class UnknownSnapshotException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do next */
  public UnknownSnapshotException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_snapshot";
  }
}
