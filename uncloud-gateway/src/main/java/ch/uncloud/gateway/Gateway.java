package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.CreditService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST gateway, embeddable on its own: an embedded Jetty 12 server (core handlers, no servlets)
 * in front of any {@link Uncloud}. It serves the lab protocol over the {@link CreditService}
 * ({@code /charge}, {@code /deposit}, {@code /reverse}, {@code /balance}, {@code /may-start},
 * {@code /settlement}, {@code /health}), the payment provider's webhook ({@code POST /stripe/webhook},
 * forwarded to {@link Uncloud#paymentEvents()}) and, when a shop store is configured, the shop's
 * {@code /api/v1/}. It translates between HTTP and the services and holds no business rule; it knows
 * no provider. HTTPS when a key store is configured.
 *
 * <p>Slow or hostile clients cannot starve the others ({@link ConnectionLimits}): no thread waits for a
 * client (bodies are read as they arrive and handed to a worker when complete), a body slower than
 * the minimum data rate is cut off, idle connections are closed, and connections are bounded in
 * total and per client address.
 *
 * <pre>{@code
 * try (Uncloud uncloud = UncloudCore.fromConfig(config);
 *     Gateway gateway = Gateway.start(uncloud, GatewaySettings.from(config))) {
 *   ... gateway.uri() ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops it gracefully: requests in flight finish (up to five seconds), new ones
 * are refused. It does not close the {@link Uncloud}. Thread-safe.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private final Server server;
  private final ServerConnector connector;
  private final boolean https;

  private Gateway(Server server, ServerConnector connector, boolean https) {
    this.server = server;
    this.connector = connector;
    this.https = https;
  }

  /**
   * Starts a gateway whose login rate limits run on the system clock.
   *
   * @param uncloud the services to serve: the credit service, and the shop if it has a store
   * @param settings where to listen, HTTPS, limits
   * @return the running gateway
   * @throws ProviderUnavailableException if the port cannot be bound
   */
  public static Gateway start(Uncloud uncloud, GatewaySettings settings) {
    return start(uncloud, settings, Clock.systemUTC());
  }

  /**
   * @param uncloud the services to serve (the credit service, the payment provider's webhook when it
   *     receives one, and the shop when it has a store)
   * @param settings where to listen, HTTPS, limits
   * @param clock the clock of the login rate limits
   * @return the running gateway
   * @throws ProviderUnavailableException if the port cannot be bound
   */
  public static Gateway start(Uncloud uncloud, GatewaySettings settings, Clock clock) {
    return start(uncloud, settings, clock, null);
  }

  /**
   * Starts a gateway that times every request into {@code metrics} ({@code http.server.requests} by
   * method, route template and status). It does not publish them: {@link ManagementServer} does, on a
   * listener of its own.
   *
   * @param uncloud the services to serve
   * @param settings where to listen, HTTPS, limits
   * @param clock the clock of the login rate limits
   * @param metrics where to record the HTTP requests; {@code null}: nowhere
   * @return the running gateway
   * @throws ProviderUnavailableException if the port cannot be bound
   */
  public static Gateway start(Uncloud uncloud, GatewaySettings settings, Clock clock, GatewayMetrics metrics) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("uncloud-gateway");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // ambiguous paths reach the RequestGuard, which refuses every non-canonical path with one error code
    http.setUriCompliance(UriCompliance.from(UriCompliance.AMBIGUOUS_VIOLATIONS));
    ConnectionFactory plain = new HttpConnectionFactory(http);
    ServerConnector connector;
    if (settings.https()) {
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(settings.keyStore().toAbsolutePath().toString());
      tls.setKeyStorePassword(settings.keyStorePassword().reveal());
      tls.setKeyStoreType("PKCS12");
      tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), plain);
    } else {
      connector = new ServerConnector(server, plain);
    }
    connector.setHost(settings.bind());
    connector.setPort(settings.port());
    ConnectionLimits limits = settings.connectionLimits();
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.addBean(new ConnectionsPerAddress(limits.maxConnectionsPerAddress()));
    server.addConnector(connector);
    ConnectionLimit total = new ConnectionLimit(limits.maxConnections(), server);
    total.setIdleTimeout(Math.max(1_000, limits.idleTimeout().toMillis() / 4)); // sooner while at the limit
    server.addBean(total);

    LoginRateLimiter limiter = new LoginRateLimiter(settings.loginLimits(), clock);
    ShopApi shop = servesShop(uncloud) ? new ShopApi(uncloud, limiter, settings.maxBodyBytes()) : null;
    GatewayHandler api = new GatewayHandler(uncloud, shop, limiter,
        settings.maxBodyBytes());
    api.servePages(new WebPages(uncloud, limiter, api, settings.pages(), settings.maxBodyBytes()));
    org.eclipse.jetty.server.Handler logged = new AccessLogHandler(new RequestGuard(
        new BodyReader(api, settings.maxBodyBytes(), limits)));
    GracefulHandler graceful = new GracefulHandler(metrics == null ? logged
        : new HttpMetricsHandler(logged, metrics.registry(), RouteTemplates.fromOpenApi()));
    server.setHandler(graceful);
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
    if (!settings.https() && settings.exposed()) {
      LOG.warn("the REST gateway serves plain HTTP on {}: passwords cross the network in clear unless a TLS proxy "
          + "on a trusted network is in front of it", settings.bind());
    }
    ServerStart.startOrFail(server, "the REST gateway on " + settings.bind() + ":" + settings.port(),
        "pick another --port or --bind");
    return new Gateway(server, connector, settings.https());
  }

  /**
   * @param uncloud the services
   * @return whether a shop store is configured, so a gateway on them serves the shop's endpoints
   */
  public static boolean servesShop(Uncloud uncloud) {
    try {
      uncloud.orders();
      return true;
    } catch (ConfigurationException e) {
      return false;
    }
  }

  /** @return the port the gateway listens on (the real one when 0 was asked for) */
  public int port() {
    return connector.getLocalPort();
  }

  /** @return the network connections open now (tests wait for their clients to be accepted) */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  /**
   * @return the address and port the gateway really listens on, e.g. {@code 0.0.0.0:8080} (every
   *     interface) or {@code 127.0.0.1:41234} when port 0 was asked for
   */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the gateway's listening address: " + e.getMessage(), e);
    }
  }

  /** @return the base URL to connect to on this machine, e.g. {@code http://127.0.0.1:8080} (for 0.0.0.0 too) */
  public URI uri() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((https ? "https" : "http") + "://" + host + ":" + port());
  }

  /** Stops listening, lets requests in flight finish, and frees the threads. Idempotent. */
  @Override
  public void close() {
    try {
      if (!server.isStopped()) {
        server.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the REST gateway did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
