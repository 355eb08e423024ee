package ch.uncloud.api;

/**  Error code {@code comment_too_long}. */
public final class CommentTooLongException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public CommentTooLongException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CommentTooLongException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "comment_too_long";
  }
}
