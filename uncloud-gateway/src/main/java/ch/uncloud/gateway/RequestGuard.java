package ch.uncloud.gateway;

import ch.uncloud.api.ErrorCodes;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, before routing and before reading a body, what the gateway would otherwise have to guess
 * at: a request path that is not written canonically (Jetty would decode and normalize
 * {@code /%63harge}, {@code /x/../charge} or {@code /charge;x=1} into {@code /charge}), a transfer
 * coding other than {@code chunked}, and a content coding (the gateway reads bodies uncompressed only).
 */
final class RequestGuard extends Handler.Wrapper {
  // RFC 3986 pchar without percent-encoding and without ';', the path parameter separator
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,=:@-]+");

  RequestGuard(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    GatewayError refusal = refusal(request);
    if (refusal != null) {
      GatewayHandler.send(response, callback, GatewayHandler.error(refusal.status(), refusal.code(),
          refusal.getMessage()).withHeaders(Map.of("Connection", "close")));
      return true;
    }
    return super.handle(request, response, callback);
  }

  private static GatewayError refusal(Request request) {
    if (!isCanonical(request.getHttpURI().getPath())) {
      return GatewayError.badRequest(ErrorCodes.NON_CANONICAL_PATH, "the request path must be written as it is "
          + "routed: no percent-encoding, no ';' parameters, no '.', '..' or empty segments (e.g. /charge)");
    }
    for (HttpField field : request.getHeaders().getFields(HttpHeader.TRANSFER_ENCODING)) {
      for (String coding : field.getValues()) {
        if (!coding.trim().equalsIgnoreCase("chunked")) {
          return new GatewayError(501, ErrorCodes.UNSUPPORTED_TRANSFER_CODING, "the transfer coding "
              + Texts.shown(coding.trim()) + " is not supported; send the body with Content-Length or "
              + "Transfer-Encoding: chunked only");
        }
      }
    }
    for (HttpField field : request.getHeaders().getFields(HttpHeader.CONTENT_ENCODING)) {
      for (String coding : field.getValues()) {
        if (!coding.trim().toLowerCase(Locale.ROOT).equals("identity")) {
          return new GatewayError(415, ErrorCodes.UNSUPPORTED_CONTENT_CODING, "the content coding "
              + Texts.shown(coding.trim()) + " is not supported; send the body uncompressed, without "
              + "Content-Encoding");
        }
      }
    }
    return null;
  }

  /**
   * @param rawPath the path as received, before any decoding or normalization
   * @return whether it is written as routed: '/'-separated segments of plain characters, none of them
   *     '.' or '..', none empty except after a final '/'
   */
  static boolean isCanonical(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return false;
    }
    if (rawPath.equals("/")) {
      return true;
    }
    String[] segments = rawPath.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty() && i == segments.length - 1) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }
}
