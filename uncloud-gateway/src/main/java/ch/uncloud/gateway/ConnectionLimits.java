package ch.uncloud.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway keeps slow and hostile clients from starving the others. No thread waits for a
 * client: bodies are read as they arrive and handed to a worker only when complete. Immutable.
 *
 * @param idleTimeout a connection with nothing arriving for this long is closed (keep-alive
 *     connections between requests, and connections that never send a request)
 * @param maxConnections connections open at once; beyond it the gateway stops accepting (new clients
 *     wait in the operating system's backlog) and idle connections are closed sooner
 * @param maxConnectionsPerAddress connections open at once from one client address; a further one is
 *     closed as soon as it is accepted
 * @param minBodyRate bytes per second a request body must arrive at, on average, counted from when
 *     the gateway starts reading it; a slower body is cut off with 408 {@code request_timeout}
 * @param bodyGrace how long a body may take regardless of its rate (the minimum-rate window starts
 *     after it)
 */
public record ConnectionLimits(Duration idleTimeout, int maxConnections, int maxConnectionsPerAddress,
    int minBodyRate, Duration bodyGrace) {

  /**
   * Checks the limits.
   *
   * @param idleTimeout positive
   * @param maxConnections at least 1
   * @param maxConnectionsPerAddress 1..maxConnections
   * @param minBodyRate at least 1 byte per second
   * @param bodyGrace zero or positive
   * @throws IllegalArgumentException otherwise
   */
  public ConnectionLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(bodyGrace, "bodyGrace");
    if (idleTimeout.isNegative() || idleTimeout.isZero() || bodyGrace.isNegative()) {
      throw new IllegalArgumentException("the idle timeout must be positive and the body grace not negative");
    }
    if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
      throw new IllegalArgumentException("max-connections must be at least 1 and max-connections-per-address "
          + "1.." + maxConnections);
    }
    if (minBodyRate < 1) {
      throw new IllegalArgumentException("min-body-rate must be at least 1 byte per second");
    }
  }

  /** @return 20 s idle timeout, 1000 connections, 64 per address, bodies at 1024 B/s after 5 s */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(20), 1000, 64, 1024, Duration.ofSeconds(5));
  }

  /**
   * @param elapsedMillis how long the body has been read
   * @return how many bytes must have arrived by then
   */
  long requiredBytes(long elapsedMillis) {
    long counted = elapsedMillis - bodyGrace.toMillis();
    return counted <= 0 ? 0 : counted * minBodyRate / 1000;
  }

  /**
   * @param arrived bytes arrived so far
   * @return after how many milliseconds of reading {@code arrived} bytes stop being enough
   */
  long millisUntilShort(long arrived) {
    return bodyGrace.toMillis() + ((arrived + 1) * 1000 + minBodyRate - 1) / minBodyRate;
  }
}
