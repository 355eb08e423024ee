package ch.uncloud.gateway;

import ch.uncloud.api.ProviderUnavailableException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The management listener: {@code GET /metrics} answers every meter of a {@link GatewayMetrics} in
 * Prometheus's text format, on an address and port of its own ({@link ManagementSettings}, 127.0.0.1
 * by default), so the gateway's public port never serves it. Anything else is 404. Thread-safe;
 * {@link #close()} stops it.
 */
public final class ManagementServer implements AutoCloseable {
  /** The content type of Prometheus's text format, as its scrapers expect it. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Server server;
  private final ServerConnector connector;

  private ManagementServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * @param settings where to listen; must have metrics enabled
   * @param metrics what to publish
   * @return the running listener
   * @throws IllegalArgumentException if the settings have metrics off
   * @throws ProviderUnavailableException if the port cannot be bound
   */
  public static ManagementServer start(ManagementSettings settings, GatewayMetrics metrics) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("metrics are off (" + ManagementSettings.METRICS_ENABLED + "=false)");
    }
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("uncloud-management");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(settings.bind());
    connector.setPort(settings.port());
    server.addConnector(connector);
    server.setHandler(new MetricsHandler(metrics));
    server.setStopAtShutdown(false);
    ServerStart.startOrFail(server, "the management listener on " + settings.bind() + ":" + settings.port(),
        "pick another " + ManagementSettings.PORT);
    return new ManagementServer(server, connector);
  }

  /** @return the port it listens on (the real one when 0 was asked for) */
  public int port() {
    return connector.getLocalPort();
  }

  /** @return the URL of the metrics, e.g. {@code http://127.0.0.1:9464/metrics} */
  public URI metricsUri() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/metrics");
  }

  /** Stops listening. Idempotent. */
  @Override
  public void close() {
    try {
      if (!server.isStopped()) {
        server.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the management listener did not stop cleanly: " + e.getMessage(), e);
    }
  }

  /** {@code GET /metrics}, and 404 for everything else. */
  private static final class MetricsHandler extends Handler.Abstract {
    private final GatewayMetrics metrics;

    MetricsHandler(GatewayMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      if (!path.equals("/metrics")) {
        return answer(response, callback, 404, "application/json",
            "{\"error\":\"no_such_endpoint\",\"message\":\"the management listener serves GET /metrics only\"}\n");
      }
      if (!request.getMethod().equals("GET")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        return answer(response, callback, 405, "application/json",
            "{\"error\":\"method_not_allowed\",\"message\":\"use GET /metrics\"}\n");
      }
      return answer(response, callback, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static boolean answer(Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
