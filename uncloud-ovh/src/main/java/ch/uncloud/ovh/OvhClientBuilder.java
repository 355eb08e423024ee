package ch.uncloud.ovh;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Builds an {@link OvhClient}. Not thread-safe. */
public final class OvhClientBuilder {
  OvhEndpoint endpoint = OvhEndpoint.of("ovh-eu");
  String transportBaseUrl;
  Secret applicationKey;
  Secret applicationSecret;
  Secret consumerKey;
  Clock clock = Clock.systemUTC();
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration requestTimeout = Duration.ofSeconds(30);
  int getRetries = 2;
  Duration retryBackoff = Duration.ofMillis(500);
  Path trustCertificate;

  OvhClientBuilder() {}

  /**
   * @param endpoint the endpoint (default {@code ovh-eu})
   * @return this builder
   */
  public OvhClientBuilder endpoint(OvhEndpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  /**
   * @param nameOrUrl a named endpoint or base URL, see {@link OvhEndpoint#of}
   * @return this builder
   */
  public OvhClientBuilder endpoint(String nameOrUrl) {
    return endpoint(OvhEndpoint.of(nameOrUrl));
  }

  /**
   * Sends requests to another origin while signing for the endpoint: tests point a client signed for
   * {@code https://eu.api.ovh.com/1.0} at a loopback server.
   *
   * @param origin e.g. {@code http://127.0.0.1:8080}; the endpoint's path is kept
   * @return this builder
   */
  public OvhClientBuilder transportOrigin(String origin) {
    this.transportBaseUrl = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    return this;
  }

  /**
   * Trusts this certificate (PEM) for TLS, besides the system's authorities: for a test server such as
   * uncloud's OVH test server, which exports its self-signed certificate.
   *
   * @param pemFile the certificate file, or {@code null} for the system's authorities only
   * @return this builder
   */
  public OvhClientBuilder trustCertificate(Path pemFile) {
    this.trustCertificate = pemFile;
    return this;
  }

  /**
   * @param key the application key
   * @return this builder
   */
  public OvhClientBuilder applicationKey(Secret key) {
    this.applicationKey = key;
    return this;
  }

  /**
   * @param secret the application secret
   * @return this builder
   */
  public OvhClientBuilder applicationSecret(Secret secret) {
    this.applicationSecret = secret;
    return this;
  }

  /**
   * @param key the consumer key, or {@code null} before one was requested
   * @return this builder
   */
  public OvhClientBuilder consumerKey(Secret key) {
    this.consumerKey = key;
    return this;
  }

  /**
   * @param clock the clock for timestamps (default the system clock)
   * @return this builder
   */
  public OvhClientBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * @param timeout time to connect (default 10 s)
   * @return this builder
   */
  public OvhClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connect timeout");
    return this;
  }

  /**
   * @param timeout time for a whole answer (default 30 s)
   * @return this builder
   */
  public OvhClientBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "request timeout");
    return this;
  }

  /**
   * @param retries how often a GET is repeated after a server error, timeout or network failure (default 2)
   * @param backoff the pause before the first repetition, growing linearly (default 500 ms)
   * @return this builder
   */
  public OvhClientBuilder getRetries(int retries, Duration backoff) {
    if (retries < 0) {
      throw new ConfigurationException("GET retries must be 0 or more, not " + retries);
    }
    this.getRetries = retries;
    this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
    return this;
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigurationException(what + " must be positive");
    }
    return d;
  }

  /**
   * @return the client
   */
  public OvhClient build() {
    return new OvhClient(this);
  }
}
