package ch.uncloud.spi;

import java.util.List;

/**
 * The common shape of every SPI factory: a unique name and a way to build the service from
 * configuration.
 *
 * @param <T> the service the provider creates
 */
public interface Provider<T> {
  /**
   * @return the provider's unique lower-case name, the value of its selection key (e.g. {@code jdbc})
   */
  String name();

  /**
   * Creates the service. May connect and validate; must fail with a
   * {@link ch.uncloud.api.ConfigurationException} naming every missing or bad key.
   *
   * @param config the configuration
   * @return a new service instance, owned (and closed) by the caller
   */
  T create(ProviderConfig config);

  /**
   * Checks this provider's keys without connecting anywhere, so that a caller can report every
   * problem of a configuration at once, before anything starts. {@link #create} checks them again.
   *
   * @param config the configuration
   * @return every problem with this provider's keys, each naming the key and what to do; empty if
   *     none. The default is empty: a provider that does not override it reports its problems from
   *     {@link #create} only.
   */
  default List<String> configurationProblems(ProviderConfig config) {
    return List.of();
  }
}
