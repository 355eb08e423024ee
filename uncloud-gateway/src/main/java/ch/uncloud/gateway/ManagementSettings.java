package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.ProviderConfig;
import java.util.List;

/**
 * Whether the gateway publishes its metrics, and where: Prometheus text at {@code /metrics} on a
 * management listener of its own, never on the gateway's port. Off unless
 * {@code uncloud.gateway.metrics.enabled=true}; the listener binds 127.0.0.1 unless told otherwise, and
 * an address other machines reach needs {@code uncloud.gateway.management.allow-remote=true} too, so
 * the metrics are never public by accident.
 *
 * @param enabled whether {@code /metrics} is served at all
 * @param bind the management listener's address
 * @param port its port (0: any free one)
 * @param allowRemote whether {@code bind} may be an address other machines reach
 */
public record ManagementSettings(boolean enabled, String bind, int port, boolean allowRemote) {
  static final String METRICS_ENABLED = GatewaySettings.PREFIX + "metrics.enabled";
  static final String BIND = GatewaySettings.PREFIX + "management.bind";
  static final String PORT = GatewaySettings.PREFIX + "management.port";
  static final String ALLOW_REMOTE = GatewaySettings.PREFIX + "management.allow-remote";
  /** Prometheus's own exporters' customary port range; this one is free in its registry of default ports. */
  static final int DEFAULT_PORT = 9464;

  /**
   * @param enabled whether {@code /metrics} is served
   * @param bind the listener's address
   * @param port its port
   * @param allowRemote whether a non-loopback address is allowed
   * @throws ConfigurationException if the port is out of range, or the address reaches other machines
   *     without {@code allowRemote}
   */
  public ManagementSettings {
    java.util.Objects.requireNonNull(bind, "bind");
    if (port < 0 || port > 65535) {
      throw new ConfigurationException(PORT + " must be 0..65535, not " + port);
    }
    if (enabled && !allowRemote && !GatewaySettings.isLoopback(bind)) {
      throw new ConfigurationException(remoteProblem(bind));
    }
  }

  /** @return metrics off; the listener's address and port as they would be if turned on */
  public static ManagementSettings off() {
    return new ManagementSettings(false, GatewaySettings.DEFAULT_BIND, DEFAULT_PORT, false);
  }

  /**
   * @param port the management port (0: any free one)
   * @return metrics on, on 127.0.0.1 at that port: what the demo uses
   */
  public static ManagementSettings onLoopback(int port) {
    return new ManagementSettings(true, GatewaySettings.DEFAULT_BIND, port, false);
  }

  /**
   * @param config the configuration
   * @return every problem of the {@code uncloud.gateway.metrics.*} and {@code management.*} keys
   */
  public static List<String> problems(ProviderConfig config) {
    List<String> problems = new java.util.ArrayList<>(config.validator()
        .check(METRICS_ENABLED, ManagementSettings::booleanProblem)
        .check(ALLOW_REMOTE, ManagementSettings::booleanProblem)
        .check(PORT, v -> v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535 ? null : "must be a port number 0..65535")
        .problems());
    if (problems.isEmpty()) {
      try {
        read(config);
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /**
   * @param config the configuration
   * @return the settings
   * @throws ConfigurationException naming every problem
   */
  public static ManagementSettings from(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator();
    problems(config).forEach(validator::problem);
    validator.validate();
    return read(config);
  }

  private static ManagementSettings read(ProviderConfig config) {
    return new ManagementSettings(Boolean.parseBoolean(config.get(METRICS_ENABLED, "false")),
        config.get(BIND, GatewaySettings.DEFAULT_BIND), Integer.parseInt(config.get(PORT, Integer.toString(DEFAULT_PORT))),
        Boolean.parseBoolean(config.get(ALLOW_REMOTE, "false")));
  }

  private static String booleanProblem(String value) {
    return value.equals("true") || value.equals("false") ? null : "must be true or false";
  }

  private static String remoteProblem(String bind) {
    return BIND + " is " + bind + ", which other machines reach, so anyone there could read the metrics: bind "
        + "127.0.0.1 and let the scraper run on this machine or through an SSH tunnel, or set " + ALLOW_REMOTE
        + "=true if a firewall keeps strangers off that address";
  }
}
