package ch.uncloud.core.internal;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.ProviderConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderResolverTest {
  /** A provider found through META-INF/services. */
  public static final class AlphaLedgerProvider implements LedgerProvider {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public Ledger create(ProviderConfig config) {
      throw new UnsupportedOperationException("only resolution is tested here");
    }
  }

  /** A second provider. */
  public static final class BetaLedgerProvider implements LedgerProvider {
    @Override
    public String name() {
      return "beta";
    }

    @Override
    public Ledger create(ProviderConfig config) {
      throw new UnsupportedOperationException("only resolution is tested here");
    }
  }

  /** A provider claiming a name already taken. */
  public static final class AlphaImpostorProvider implements LedgerProvider {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public Ledger create(ProviderConfig config) {
      throw new UnsupportedOperationException("only resolution is tested here");
    }
  }

  @TempDir
  Path dir;

  private final ProviderResolver<LedgerProvider> resolver = new ProviderResolver<>(LedgerProvider.class,
      "uncloud.ledger", "ch.uncloud:uncloud-jdbc", "Uncloud.builder().ledger(...)");

  private ClassLoader loaderWith(Class<?>... providers) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    StringBuilder lines = new StringBuilder();
    for (Class<?> p : providers) {
      lines.append(p.getName()).append('\n');
    }
    Files.writeString(services.resolve(LedgerProvider.class.getName()), lines);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        // only this directory's service files: the core's test class path registers providers of its own
        return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
      }
    };
  }

  private static ProviderConfig config(Map<String, String> values) {
    return ProviderConfig.of(values).withEnvironment(Map.of());
  }

  @Test
  @DisplayName("zero providers: the message names the SPI and the artifact to add")
  void none() throws IOException {
    ClassLoader loader = loaderWith();

    assertThatThrownBy(() -> resolver.resolve(config(Map.of()), loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no LedgerProvider found")
        .hasMessageContaining("ch.uncloud.spi.LedgerProvider")
        .hasMessageContaining("ch.uncloud:uncloud-jdbc")
        .hasMessageContaining("Uncloud.builder().ledger(...)");
    assertThat(resolver.find(config(Map.of()), loader)).isEmpty();
  }

  @Test
  @DisplayName("one provider is used without configuration")
  void one() throws IOException {
    assertThat(resolver.resolve(config(Map.of()), loaderWith(AlphaLedgerProvider.class)).name()).isEqualTo("alpha");
  }

  @Test
  @DisplayName("two providers with none chosen: the message lists both and the key to set")
  void ambiguous() throws IOException {
    ClassLoader loader = loaderWith(AlphaLedgerProvider.class, BetaLedgerProvider.class);

    assertThatThrownBy(() -> resolver.resolve(config(Map.of()), loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("alpha (" + AlphaLedgerProvider.class.getName() + ")")
        .hasMessageContaining("beta (")
        .hasMessageContaining("uncloud.ledger=<name>")
        .hasMessageContaining("UNCLOUD_LEDGER");
  }

  @Test
  @DisplayName("a configured name wins among several providers")
  void configuredWins() throws IOException {
    ClassLoader loader = loaderWith(AlphaLedgerProvider.class, BetaLedgerProvider.class);

    assertThat(resolver.resolve(config(Map.of("uncloud.ledger", "beta")), loader).name()).isEqualTo("beta");
  }

  @Test
  @DisplayName("an unknown name: the message lists what was found and how to fix it")
  void unknownName() throws IOException {
    ClassLoader loader = loaderWith(AlphaLedgerProvider.class);

    assertThatThrownBy(() -> resolver.resolve(config(Map.of("uncloud.ledger", "gamma")), loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.ledger=gamma")
        .hasMessageContaining("found: alpha")
        .hasMessageContaining("Fix the name or add the artifact");
  }

  @Test
  @DisplayName("two providers sharing a name are refused, never picked at random")
  void duplicateNames() throws IOException {
    ClassLoader loader = loaderWith(AlphaLedgerProvider.class, AlphaImpostorProvider.class);

    assertThatThrownBy(() -> resolver.resolve(config(Map.of("uncloud.ledger", "alpha")), loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("share a name")
        .hasMessageContaining(AlphaImpostorProvider.class.getName());
  }

  @Test
  @DisplayName("a broken service file entry is a configuration error naming the SPI")
  void brokenEntry() throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(LedgerProvider.class.getName()), "com.example.Missing\n");
    ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());

    assertThatThrownBy(() -> resolver.resolve(config(Map.of()), loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("LedgerProvider")
        .hasMessageContaining("com.example.Missing");
  }
}
