package ch.uncloud.ovh;

/**
 * What OVH said about a failed call. OVH error bodies come in two shapes: the older
 * {@code {"errorCode", "httpCode", "message"}} and the newer {@code {"class", "message", "details"?}};
 * whichever fields were present are kept.
 *
 * @param httpStatus the HTTP status, or 0 if no answer arrived
 * @param errorCode OVH's {@code errorCode} (e.g. {@code INVALID_SIGNATURE}), or {@code null}
 * @param errorClass OVH's {@code class} (e.g. {@code Client::BadRequest}), or {@code null}
 * @param message OVH's message (or the raw body if it was not JSON), or {@code null}
 * @param queryId the {@code X-Ovh-QueryID} response header, or {@code null}
 * @param method the request's HTTP method
 * @param path the request's path and query, relative to the endpoint
 */
public record OvhErrorDetails(int httpStatus, String errorCode, String errorClass, String message, String queryId,
    String method, String path) {

  /**
   * @return a one-line description for exception messages and logs; never contains secrets
   */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(method).append(' ').append(path);
    if (httpStatus > 0) {
      s.append(" answered HTTP ").append(httpStatus);
    }
    if (errorClass != null) {
      s.append(' ').append(errorClass);
    }
    if (errorCode != null) {
      s.append(' ').append(errorCode);
    }
    if (message != null && !message.isBlank()) {
      s.append(": \"").append(message.strip()).append('"');
    }
    if (queryId != null) {
      s.append(" (X-Ovh-QueryID ").append(queryId).append(')');
    }
    return s.toString();
  }
}
