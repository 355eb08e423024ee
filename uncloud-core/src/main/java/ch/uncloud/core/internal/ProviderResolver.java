package ch.uncloud.core.internal;


import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.Provider;
import ch.uncloud.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the one provider of an SPI with {@link ServiceLoader}. Never guesses: a configured name
 * wins; with no name, exactly one provider must be on the class path. Zero providers, an unknown
 * name, duplicate names or several providers with none chosen fail with a
 * {@link ConfigurationException} naming the SPI, what was found, and the fix.
 *
 * @param <P> the provider type
 */
public final class ProviderResolver<P extends Provider<?>> {
  private final Class<P> spi;
  private final String selectionKey;
  private final String suggestedArtifact;
  private final String wiringHint;

  /**
   * @param spi the provider interface, e.g. {@code LedgerProvider.class}
   * @param selectionKey the key that names a provider, e.g. {@code uncloud.ledger}
   * @param suggestedArtifact the artifact to add, e.g. {@code ch.uncloud:uncloud-jdbc}
   * @param wiringHint how to wire one by hand instead, e.g. {@code UncloudCore.builder().ledger(...)}
   */
  public ProviderResolver(Class<P> spi, String selectionKey, String suggestedArtifact, String wiringHint) {
    this.spi = spi;
    this.selectionKey = selectionKey;
    this.suggestedArtifact = suggestedArtifact;
    this.wiringHint = wiringHint;
  }

  /**
   * @param config the configuration holding the selection key
   * @param classLoader where to look for providers
   * @return the chosen provider
   * @throws ConfigurationException if there is not exactly one choice
   */
  public P resolve(ProviderConfig config, ClassLoader classLoader) {
    return find(config, classLoader).orElseThrow(() -> new ConfigurationException("no " + spi.getSimpleName()
        + " found on the class path (SPI " + spi.getName() + ", looked up with ServiceLoader). Add "
        + suggestedArtifact + " to the class path, or wire one by hand with " + wiringHint + "."));
  }

  /**
   * Like {@link #resolve} but answers empty when no provider is on the class path and none is named.
   *
   * @param config the configuration holding the selection key
   * @param classLoader where to look for providers
   * @return the chosen provider, or empty if there is none and none was asked for
   * @throws ConfigurationException for an unknown name, duplicates or an ambiguous choice
   */
  public Optional<P> find(ProviderConfig config, ClassLoader classLoader) {
    Map<String, P> byName = load(classLoader);
    Optional<String> chosen = config.get(selectionKey);
    if (chosen.isPresent()) {
      P provider = byName.get(chosen.get());
      if (provider == null) {
        throw new ConfigurationException(selectionKey + "=" + chosen.get() + " but no " + spi.getSimpleName()
            + " of that name is on the class path; found: " + describe(byName) + ". Fix the name or add the artifact "
            + "that provides '" + chosen.get() + "' (e.g. " + suggestedArtifact + ").");
      }
      return Optional.of(provider);
    }
    if (byName.size() > 1) {
      throw new ConfigurationException("several " + spi.getSimpleName() + "s are on the class path: "
          + describe(byName) + ". Choose one with " + selectionKey + "=<name> (or environment variable "
          + ProviderConfig.environmentName(selectionKey) + ").");
    }
    return byName.values().stream().findFirst();
  }

  /**
   * For optional capabilities: a provider only when the selection key names one, so that an
   * artifact on the class path without its configuration never stops an application from starting.
   * An unset key or the value {@code none} means "not used".
   *
   * @param config the configuration holding the selection key
   * @param classLoader where to look for providers
   * @return the named provider, or empty if none is selected
   * @throws ConfigurationException if the named provider is not on the class path
   */
  public Optional<P> selected(ProviderConfig config, ClassLoader classLoader) {
    Optional<String> chosen = config.get(selectionKey);
    if (chosen.isEmpty() || chosen.get().equals("none")) {
      return Optional.empty();
    }
    return find(config, classLoader);
  }

  private Map<String, P> load(ClassLoader classLoader) {
    Map<String, P> byName = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    try {
      for (P provider : ServiceLoader.load(spi, classLoader)) {
        P previous = byName.putIfAbsent(provider.name(), provider);
        if (previous != null) {
          duplicates.add(provider.name() + " (" + provider.getClass().getName() + " and "
              + previous.getClass().getName() + ")");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException("a " + spi.getSimpleName() + " on the class path cannot be loaded: "
          + e.getMessage() + ". Check that the provider artifact and uncloud-api have the same version.", e);
    }
    if (!duplicates.isEmpty()) {
      throw new ConfigurationException("several " + spi.getSimpleName() + "s share a name: "
          + String.join(", ", duplicates) + ". Remove one of the artifacts from the class path.");
    }
    return byName;
  }

  private static String describe(Map<String, ? extends Provider<?>> byName) {
    if (byName.isEmpty()) {
      return "none";
    }
    return byName.values().stream()
        .map(p -> p.name() + " (" + p.getClass().getName() + ")")
        .collect(Collectors.joining(", "));
  }
}
