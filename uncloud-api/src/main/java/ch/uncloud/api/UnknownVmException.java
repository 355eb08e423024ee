package ch.uncloud.api;

/** The VM does not exist or does not belong to the account (the two are not told apart). Error code {@code unknown_vm}. */
public final class UnknownVmException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do next */
  public UnknownVmException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownVmException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_vm";
  }
}
