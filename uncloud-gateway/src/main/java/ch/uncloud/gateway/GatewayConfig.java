package ch.uncloud.gateway;

import ch.uncloud.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the {@code uncloud.gateway.*} keys for {@link GatewaySettings}. */
final class GatewayConfig {
  private static final String PREFIX = GatewaySettings.PREFIX;

  private GatewayConfig() {}

  /** @return every problem of the keys themselves; empty if {@link #read} can use them */
  static List<String> problems(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator()
        .check(PREFIX + "port", v -> v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535 ? null
            : "must be a port number 0..65535")
        .check(PREFIX + "max-body-bytes", v -> v.matches("[0-9]{4,9}") ? null : "must be a number of bytes >= 1024")
        .check(PREFIX + "login-rate-limit", GatewayConfig::limitProblem)
        .check(PREFIX + "login-rate-limit-per-name", GatewayConfig::limitProblem)
        .check(PREFIX + "login-rate-limit-per-address", GatewayConfig::limitProblem)
        .check(PREFIX + "keystore", v -> Files.isReadable(Path.of(v)) ? null : "file " + v + " cannot be read")
        .check(PREFIX + "allow-plain-http", v -> v.equals("true") || v.equals("false") ? null : "must be true or false")
        .check(PREFIX + "idle-timeout", v -> durationProblem(v, false))
        .check(PREFIX + "body-grace", v -> durationProblem(v, true))
        .check(PREFIX + "max-connections", GatewayConfig::countProblem)
        .check(PREFIX + "max-connections-per-address", GatewayConfig::countProblem)
        .check(PREFIX + "min-body-rate", v -> v.matches("[1-9][0-9]{0,8}") ? null : "must be bytes per second >= 1")
        .check(PREFIX + "pages.session-idle", v -> durationProblem(v, false))
        .check(PREFIX + "pages.session-max", v -> durationProblem(v, false));
    if (config.get(PREFIX + "keystore").isPresent()) {
      validator.requireSecret(PREFIX + "keystore-password");
    }
    List<String> problems = new ArrayList<>(validator.problems());
    if (problems.isEmpty()) {
      attempt(problems, () -> connectionLimits(config));
      attempt(problems, () -> loginLimits(config));
      attempt(problems, () -> pages(config));
    }
    return problems;
  }

  /** @return the settings; call only when {@link #problems} found none */
  static GatewaySettings read(ProviderConfig config) {
    Path keyStore = config.get(PREFIX + "keystore").map(Path::of).orElse(null);
    return new GatewaySettings(
        config.get(PREFIX + "bind", GatewaySettings.DEFAULT_BIND),
        Integer.parseInt(config.get(PREFIX + "port", Integer.toString(GatewaySettings.DEFAULT_PORT))),
        keyStore,
        keyStore == null ? null : config.requireSecret(PREFIX + "keystore-password"),
        Integer.parseInt(config.get(PREFIX + "max-body-bytes", Integer.toString(GatewaySettings.DEFAULT_MAX_BODY_BYTES))),
        loginLimits(config), connectionLimits(config),
        Boolean.parseBoolean(config.get(PREFIX + "allow-plain-http", "false")), pages(config));
  }

  private static PageSettings pages(ProviderConfig config) {
    PageSettings defaults = PageSettings.defaults();
    java.net.URI stripeJs;
    try {
      stripeJs = config.get(PREFIX + "pages.stripe-js").map(java.net.URI::create).orElse(defaults.stripeJs());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "pages.stripe-js is not a URL: " + e.getMessage(), e);
    }
    try {
      return new PageSettings(stripeJs,
          config.get(PREFIX + "pages.session-idle").map(ProviderConfig::parseDuration).orElse(defaults.sessionIdle()),
          config.get(PREFIX + "pages.session-max").map(ProviderConfig::parseDuration).orElse(defaults.sessionMax()));
    } catch (ch.uncloud.api.ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
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
        config.get(PREFIX + "idle-timeout").map(ProviderConfig::parseDuration).orElse(defaults.idleTimeout()),
        config.get(PREFIX + "max-connections").map(Integer::parseInt).orElse(defaults.maxConnections()),
        config.get(PREFIX + "max-connections-per-address").map(Integer::parseInt)
            .orElse(defaults.maxConnectionsPerAddress()),
        config.get(PREFIX + "min-body-rate").map(Integer::parseInt).orElse(defaults.minBodyRate()),
        config.get(PREFIX + "body-grace").map(ProviderConfig::parseDuration).orElse(defaults.bodyGrace()));
  }

  private static void attempt(List<String> problems, Runnable read) {
    try {
      read.run();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }

  private static String countProblem(String value) {
    return value.matches("[1-9][0-9]{0,6}") ? null : "must be a number of connections >= 1";
  }

  private static String durationProblem(String value, boolean zeroAllowed) {
    try {
      Duration d = ProviderConfig.parseDuration(value);
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
