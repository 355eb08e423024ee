package ch.uncloud.api;

/**  Error code {@code comment_missing}. */
public final class MissingCommentException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public MissingCommentException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public MissingCommentException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "comment_missing";
  }
}
