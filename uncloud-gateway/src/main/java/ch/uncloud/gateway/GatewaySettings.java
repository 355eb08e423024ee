package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.spi.ProviderConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The REST gateway's own settings: where it listens, HTTPS, the body size limit, the login rate
 * limits and the connection limits. From the {@code uncloud.gateway.*} keys ({@link #from}), or
 * {@link #defaults()} changed with the {@code with...} methods (the command line's options win over
 * the keys). Immutable.
 *
 * @param bind the address to listen on
 * @param port the port; 0 picks a free one
 * @param keyStore a PKCS#12 key store for HTTPS, or {@code null} for plain HTTP
 * @param keyStorePassword its password, or {@code null}
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param loginLimits failed logins allowed per name and address, per name, and per address
 * @param connectionLimits idle timeout, connection limits and the minimum body data rate
 * @param allowPlainHttp whether plain HTTP on an address other than loopback is accepted (behind a
 *     TLS-terminating proxy on a trusted network); see {@link #plainHttpProblem()}
 * @param pages the web pages' settings (Stripe.js, how long a login lasts)
 */
public record GatewaySettings(String bind, int port, Path keyStore, Secret keyStorePassword, int maxBodyBytes,
    LoginLimits loginLimits, ConnectionLimits connectionLimits, boolean allowPlainHttp, PageSettings pages) {

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
   * @param allowPlainHttp whether plain HTTP on an address other than loopback is accepted
   * @param pages the web pages' settings
   * @throws ConfigurationException for a port outside 0..65535 or a body limit under 1024
   */
  public GatewaySettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(loginLimits, "loginLimits");
    Objects.requireNonNull(connectionLimits, "connectionLimits");
    Objects.requireNonNull(pages, "pages");
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
        LoginLimits.defaults(), ConnectionLimits.defaults(), false, PageSettings.defaults());
  }

  /**
   * Reads the {@code uncloud.gateway.*} keys, reporting every problem at once.
   *
   * @param config the configuration
   * @return the settings
   * @throws ConfigurationException listing every bad key, and plain HTTP on an address other than
   *     loopback unless {@code uncloud.gateway.allow-plain-http=true}
   */
  public static GatewaySettings from(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator();
    problems(config).forEach(validator::problem);
    validator.validate();
    return GatewayConfig.read(config);
  }

  /**
   * Checks the {@code uncloud.gateway.*} keys without failing, so a caller can report them together
   * with other problems of the same configuration.
   *
   * @param config the configuration
   * @return every problem, each naming the key; empty if none
   */
  public static List<String> problems(ProviderConfig config) {
    List<String> problems = GatewayConfig.problems(config);
    if (problems.isEmpty()) {
      GatewayConfig.read(config).plainHttpProblem().ifPresent(problems::add);
    }
    return problems;
  }

  /**
   * @param newBind the address to listen on
   * @return these settings with that address
   */
  public GatewaySettings withBind(String newBind) {
    return new GatewaySettings(newBind, port, keyStore, keyStorePassword, maxBodyBytes, loginLimits,
        connectionLimits, allowPlainHttp, pages);
  }

  /**
   * @param newPort the port; 0 picks a free one
   * @return these settings with that port
   */
  public GatewaySettings withPort(int newPort) {
    return new GatewaySettings(bind, newPort, keyStore, keyStorePassword, maxBodyBytes, loginLimits,
        connectionLimits, allowPlainHttp, pages);
  }

  /**
   * @param file a PKCS#12 key store: the gateway speaks HTTPS only (TLS 1.2 and 1.3)
   * @param password its password
   * @return these settings with that key store
   */
  public GatewaySettings withKeyStore(Path file, Secret password) {
    return new GatewaySettings(bind, port, file, password, maxBodyBytes, loginLimits, connectionLimits,
        allowPlainHttp, pages);
  }

  /**
   * @param limits failed logins allowed per name and address, per name, and per address
   * @return these settings with those limits
   */
  public GatewaySettings withLoginLimits(LoginLimits limits) {
    return new GatewaySettings(bind, port, keyStore, keyStorePassword, maxBodyBytes, limits, connectionLimits,
        allowPlainHttp, pages);
  }

  /**
   * @param limits idle timeout, connection limits and the minimum body data rate
   * @return these settings with those limits
   */
  public GatewaySettings withConnectionLimits(ConnectionLimits limits) {
    return new GatewaySettings(bind, port, keyStore, keyStorePassword, maxBodyBytes, loginLimits, limits,
        allowPlainHttp, pages);
  }

  /**
   * @param newPages the web pages' settings
   * @return these settings with those
   */
  public GatewaySettings withPages(PageSettings newPages) {
    return new GatewaySettings(bind, port, keyStore, keyStorePassword, maxBodyBytes, loginLimits, connectionLimits,
        allowPlainHttp, newPages);
  }

  /** @return whether the gateway speaks HTTPS */
  public boolean https() {
    return keyStore != null;
  }

  /** @return whether the bind address reaches beyond this machine (not a loopback address) */
  public boolean exposed() {
    return !isLoopback(bind);
  }

  /**
   * @return why these settings must not be used, if they serve plain HTTP beyond this machine without
   *     {@code uncloud.gateway.allow-plain-http=true}: passwords would cross the network in clear
   */
  public Optional<String> plainHttpProblem() {
    if (https() || !exposed() || allowPlainHttp) {
      return Optional.empty();
    }
    return Optional.of(PREFIX + "bind is " + bind + " but no " + PREFIX + "keystore is set, so admin and user "
        + "passwords would cross the network in clear: set " + PREFIX + "keystore (HTTPS), or bind 127.0.0.1 behind "
        + "a TLS proxy on this machine, or set " + PREFIX + "allow-plain-http=true if a TLS proxy on a trusted "
        + "network forwards to this address");
  }

  /**
   * @param address a host name or IP address
   * @return whether it names this machine only (an unresolvable name counts as not loopback)
   */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
