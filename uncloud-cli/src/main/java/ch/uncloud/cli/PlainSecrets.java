package ch.uncloud.cli;

import ch.uncloud.spi.ProviderConfig;
import java.util.List;

/**
 * Finds secrets given inline as {@code plain:VALUE} in a production configuration ({@code plain:} is
 * for tests and demos). {@code serve --config} refuses them when the gateway is reachable from other
 * machines and warns loudly when it listens on loopback only (a trial on one's own machine).
 */
final class PlainSecrets {
  private PlainSecrets() {}

  /**
   * @param config the configuration
   * @return the keys (from the file or the environment) whose value is a {@code plain:} secret, sorted
   */
  static List<String> keys(ProviderConfig config) {
    return config.keysWithPrefix("uncloud.").stream()
        .filter(key -> config.get(key).filter(v -> v.startsWith("plain:")).isPresent())
        .toList();
  }

  /**
   * @param config the configuration
   * @return one problem per {@code plain:} secret, with the fix
   */
  static List<String> problems(ProviderConfig config) {
    return keys(config).stream().map(key -> key + " holds a plain: secret, which is for tests and demos and must "
        + "not guard a gateway other machines reach: give it as env:VARIABLE or file:PATH").toList();
  }

  /**
   * @param config the configuration
   * @return one warning per {@code plain:} secret
   */
  static List<String> warnings(ProviderConfig config) {
    return keys(config).stream().map(key -> "WARNING: " + key + " holds a plain: secret (tests and demos only); "
        + "this is accepted because the gateway listens on loopback only. Use env:VARIABLE or file:PATH").toList();
  }
}
