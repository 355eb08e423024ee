package ch.uncloud.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Times every request into {@value #REQUESTS}, tagged with its method, its route (the OpenAPI template,
 * never the raw path: {@link RouteTemplates}) and its status, so the series stay bounded.
 */
final class HttpMetricsHandler extends Handler.Wrapper {
  /** Rendered by the Prometheus registry as {@code http_server_requests_seconds_count} and friends. */
  static final String REQUESTS = "http.server.requests";

  private final MeterRegistry registry;
  private final RouteTemplates routes;

  HttpMetricsHandler(Handler next, MeterRegistry registry, RouteTemplates routes) {
    super(next);
    this.registry = registry;
    this.routes = routes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long started = System.nanoTime();
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    Callback timed = Callback.from(callback, () -> record(method, path, response.getStatus(), started));
    return super.handle(request, response, timed);
  }

  private void record(String method, String path, int status, long started) {
    Timer.builder(REQUESTS).description("HTTP requests answered, by method, route and status")
        .tag("method", knownMethod(method)).tag("route", routes.route(path, status)).tag("status", Integer.toString(status))
        .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /** Clients may send any token as a method; only the ones HTTP defines become a tag of their own. */
  private static String knownMethod(String method) {
    return switch (method) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" -> method;
      default -> "OTHER";
    };
  }
}
