package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The REST gateway's own settings: where it listens, HTTPS, the body size limit and the login rate
 * limits. From the {@code uncloud.gateway.*} keys ({@link #from}), or {@link #defaults()} changed with
 * the {@code with...} methods (the command line's options win over the keys). Immutable.
 *
 * @param bind the address to listen on
 * @param port the port; 0 picks a free one
 * @param keyStore a PKCS#12 key store for HTTPS, or {@code null} for plain HTTP
 * @param keyStorePassword its password, or {@code null}
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param loginLimits failed logins allowed per name and address, per name, and per address
 * @param connectionLimits idle timeout, connection limits and the minimum body data rate
 */
public record GatewaySettings(String bind, int port, Path keyStore, Secret keyStorePassword, int maxBodyBytes,
    LoginLimits loginLimits, ConnectionLimits connectionLimits) {

  /** Prefix of the gateway's configuration keys. */
  public static final String PREFIX = "uncloud.gateway.";
  static final String DEFAULT_BIND = "127.0.0.1";
  static final int DEFAULT_PORT = 8080;
  static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /**
   * Checks the settings; each is described with the record.
   *
   * @param bind the address to listen on
   * @param port the port; 0 picks a free one
   * @param keyStore a PKCS#12 key store for HTTPS, or {@code null} for plain HTTP
   * @param keyStorePassword its password, or {@code null}
   * @param maxBodyBytes the largest request body accepted, at least 1024
   * @param loginLimits failed logins allowed per name and address, per name, and per address
   * @param connectionLimits idle timeout, connection limits and the minimum body data rate
   * @throws ConfigurationException for a port outside 0..65535 or a body limit under 1024
   */
  public GatewaySettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(loginLimits, "loginLimits");
    Objects.requireNonNull(connectionLimits, "connectionLimits");
    if (port < 0 || port > 65535) {
      throw new ConfigurationException("the gateway port must be 0..65535, not " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new ConfigurationException("uncloud.gateway.max-body-bytes must be at least 1024");
    }
  }

  /**
   * @return the defaults: 127.0.0.1:8080, plain HTTP, 64 KiB bodies, {@link LoginLimits#defaults()},
   *     {@link ConnectionLimits#defaults()}
   */
  public static GatewaySettings defaults() {
    return new GatewaySettings(DEFAULT_BIND, DEFAULT_PORT, null, null, DEFAULT_MAX_BODY_BYTES,
        LoginLimits.defaults(), ConnectionLimits.defaults());
  }

  /**
   * Reads the {@code uncloud.gateway.*} keys, reporting every problem at once.
   *
   * @param config the configuration
   * @return the settings
   * @throws ConfigurationException listing every bad key
   */
  public static GatewaySettings from(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator()
        .check(PREFIX + "port", v -> v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535 ? null
            : "must be a port number 0..65535")
        .check(PREFIX + "max-body-bytes", v -> v.matches("[0-9]{4,9}") ? null : "must be a number of bytes >= 1024")
        .check(PREFIX + "login-rate-limit", GatewaySettings::limitProblem)
        .check(PREFIX + "login-rate-limit-per-name", GatewaySettings::limitProblem)
        .check(PREFIX + "login-rate-limit-per-address", GatewaySettings::limitProblem)
        .check(PREFIX + "keystore", v -> Files.isReadable(Path.of(v)) ? null : "file " + v + " cannot be read")
        .check(PREFIX + "idle-timeout", v -> durationProblem(v, false))
        .check(PREFIX + "body-grace", v -> durationProblem(v, true))
        .check(PREFIX + "max-connections", v -> v.matches("[1-9][0-9]{0,6}") ? null : "must be a number of connections >= 1")
        .check(PREFIX + "max-connections-per-address", v -> v.matches("[1-9][0-9]{0,6}") ? null
            : "must be a number of connections >= 1")
        .check(PREFIX + "min-body-rate", v -> v.matches("[1-9][0-9]{0,8}") ? null : "must be bytes per second >= 1");
    if (config.get(PREFIX + "keystore").isPresent()) {
      validator.requireSecret(PREFIX + "keystore-password");
    }
    ConnectionLimits limits = null;
    LoginLimits logins = null;
    if (validator.problems().isEmpty()) {
      try {
        limits = connectionLimits(config);
      } catch (IllegalArgumentException e) {
        validator.problem(e.getMessage());
      }
      try {
        logins = loginLimits(config);
      } catch (IllegalArgumentException e) {
        validator.problem(e.getMessage());
      }
    }
    validator.validate();
    Path keyStore = config.get(PREFIX + "keystore").map(Path::of).orElse(null);
    return new GatewaySettings(
        config.get(PREFIX + "bind", DEFAULT_BIND),
        Integer.parseInt(config.get(PREFIX + "port", Integer.toString(DEFAULT_PORT))),
        keyStore,
        keyStore == null ? null : config.requireSecret(PREFIX + "keystore-password"),
        Integer.parseInt(config.get(PREFIX + "max-body-bytes", Integer.toString(DEFAULT_MAX_BODY_BYTES))),
        logins, limits);
  }

  private static LoginLimits loginLimits(ProviderConfig config) {
    LoginLimits defaults = LoginLimits.defaults();
    return new LoginLimits(
        config.get(PREFIX + "login-rate-limit").map(LoginLimit::parse).orElse(defaults.perNameAndAddress()),
        config.get(PREFIX + "login-rate-limit-per-name").map(LoginLimit::parse).orElse(defaults.perName()),
        config.get(PREFIX + "login-rate-limit-per-address").map(LoginLimit::parse).orElse(defaults.perAddress()));
  }

  private static ConnectionLimits connectionLimits(ProviderConfig config) {
    ConnectionLimits defaults = ConnectionLimits.defaults();
    return new ConnectionLimits(
        config.get(PREFIX + "idle-timeout").map(ConnectionLimits::parseDuration).orElse(defaults.idleTimeout()),
        config.get(PREFIX + "max-connections").map(Integer::parseInt).orElse(defaults.maxConnections()),
        config.get(PREFIX + "max-connections-per-address").map(Integer::parseInt)
            .orElse(defaults.maxConnectionsPerAddress()),
        config.get(PREFIX + "min-body-rate").map(Integer::parseInt).orElse(defaults.minBodyRate()),
        config.get(PREFIX + "body-grace").map(ConnectionLimits::parseDuration).orElse(defaults.bodyGrace()));
  }

  /**
   * @param newBind the address to listen on
   * @return these settings with that address
   */
  public GatewaySettings withBind(String newBind) {
    return new GatewaySettings(newBind, port, keyStore, keyStorePassword, maxBodyBytes, loginLimits,
        connectionLimits);
  }

  /**
   * @param newPort the port; 0 picks a free one
   * @return these settings with that port
   */
  public GatewaySettings withPort(int newPort) {
    return new GatewaySettings(bind, newPort, keyStore, keyStorePassword, maxBodyBytes, loginLimits,
        connectionLimits);
  }

  /**
   * @param file a PKCS#12 key store: the gateway speaks HTTPS only (TLS 1.2 and 1.3)
   * @param password its password
   * @return these settings with that key store
   */
  public GatewaySettings withKeyStore(Path file, Secret password) {
    return new GatewaySettings(bind, port, file, password, maxBodyBytes, loginLimits, connectionLimits);
  }

  /**
   * @param limits failed logins allowed per name and address, per name, and per address
   * @return these settings with those limits
   */
  public GatewaySettings withLoginLimits(LoginLimits limits) {
    return new GatewaySettings(bind, port, keyStore, keyStorePassword, maxBodyBytes, limits, connectionLimits);
  }

  /**
   * @param limits idle timeout, connection limits and the minimum body data rate
   * @return these settings with those limits
   */
  public GatewaySettings withConnectionLimits(ConnectionLimits limits) {
    return new GatewaySettings(bind, port, keyStore, keyStorePassword, maxBodyBytes, loginLimits, limits);
  }

  /** @return whether the gateway speaks HTTPS */
  public boolean https() {
    return keyStore != null;
  }

  private static String durationProblem(String value, boolean zeroAllowed) {
    try {
      Duration d = ConnectionLimits.parseDuration(value);
      return d.isNegative() || (d.isZero() && !zeroAllowed) ? "must be a positive duration" : null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String limitProblem(String value) {
    try {
      LoginLimit.parse(value);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
