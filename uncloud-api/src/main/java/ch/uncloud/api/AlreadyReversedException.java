package ch.uncloud.api;

/**  Error code {@code already_reversed}. */
public final class AlreadyReversedException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public AlreadyReversedException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public AlreadyReversedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "already_reversed";
  }
}
