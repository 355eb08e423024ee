package ch.uncloud.api;

/**
 * The card registration is unknown or belongs to another account (HTTP 404).
 *
 * <p>Error code {@code unknown_card_setup}.
 */
public final class UnknownCardSetupException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public UnknownCardSetupException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownCardSetupException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_card_setup";
  }
}
