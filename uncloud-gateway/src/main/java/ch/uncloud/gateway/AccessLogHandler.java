package ch.uncloud.gateway;

import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per request to the logger {@value #LOGGER}: client address, method, the path as
 * received (before any decoding or normalization, so {@code /%63harge} is logged as sent), status and
 * duration. Never the query string (the GET endpoints carry a password there), never a header or
 * body.
 */
final class AccessLogHandler extends Handler.Wrapper {
  /** The access log's logger name; it kept its name when the gateway left uncloud-cli, so operators' log settings still apply. */
  static final String LOGGER = "ch.uncloud.cli.access";
  /** Control characters, white space and quotes, shown as {@code ?} so one request is one log line. */
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\s\"]");
  private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);

  AccessLogHandler(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long started = System.nanoTime();
    String address = Request.getRemoteAddr(request);
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    Callback logging = Callback.from(callback, () -> log(address, method, path, response.getStatus(), started));
    return super.handle(request, response, logging);
  }

  private static void log(String address, String method, String path, int status, long started) {
    if (ACCESS.isInfoEnabled()) {
      long millis = (System.nanoTime() - started) / 1_000_000;
      String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
      ACCESS.info("{} \"{} {}\" {} {}ms", address, method, UNPRINTABLE.matcher(shown).replaceAll("?"), status, millis);
    }
  }
}
