package ch.uncloud.spi;

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
}
