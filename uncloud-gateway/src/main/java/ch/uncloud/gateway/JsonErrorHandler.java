package ch.uncloud.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty itself produces (a malformed request line, a header that is too large,
 * an illegal URI) with the same {@code {error, message}} JSON as the gateway, and never with a
 * stack trace or the request's content.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    Object attribute = request.getAttribute(ERROR_STATUS);
    if (attribute instanceof Integer code) {
      status = code;
    }
    if (status < 400) {
      status = 500;
    }
    String reason = HttpStatus.getMessage(status);
    String code = status >= 500 ? "internal_error" : reason.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "_");
    String message = status >= 500 ? "the server failed; its log has the details"
        : "the HTTP request was refused: " + reason;
    GatewayHandler.Answer answer = GatewayHandler.error(status, code, message);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    Content.Sink.write(response, true, answer.body(), callback);
    return true;
  }
}
