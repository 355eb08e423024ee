package ch.uncloud.gateway;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty itself produces (a malformed request line, a header that is too large,
 * an illegal URI, an unknown HTTP version) with the same {@code {error, message}} JSON as the gateway,
 * and never with a stack trace or the request's content. The code is the status's reason phrase in
 * snake case ({@code http_version_not_supported} for 505); only 500 is {@code internal_error}.
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
    String code = status == 500 ? "internal_error" : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
    String message = switch (status) {
      case 500 -> "the server failed; its log has the details";
      case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> "this server speaks HTTP/1.1 (and HTTP/1.0); send the request "
          + "line as METHOD PATH HTTP/1.1";
      default -> "the HTTP request was refused: " + reason;
    };
    GatewayHandler.Answer answer = GatewayHandler.error(status, code, message);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    Content.Sink.write(response, true, answer.body(), callback);
    return true;
  }
}
