package ch.uncloud.spi;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat configuration keys such as {@code uncloud.jdbc.url}, read from properties and overridable by
 * environment variables: {@code UNCLOUD_JDBC_URL} overrides {@code uncloud.jdbc.url} (upper case,
 * {@code .} and {@code -} become {@code _}). Immutable and thread-safe.
 *
 * <p>Secrets are never given inline: a secret key's value is a reference, {@code env:NAME} (an
 * environment variable) or {@code file:PATH} (a file's content, trailing newline removed). For tests
 * and demos, {@code plain:VALUE} is accepted and says so in its name.
 *
 * <p>{@link #toString()} lists keys only, never values.
 */
public final class ProviderConfig {
  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)");
  private final Map<String, String> values;
  private final Function<String, String> environment;

  private ProviderConfig(Map<String, String> values, Function<String, String> environment) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.environment = environment;
  }

  /**
   * @param values keys and values
   * @return a configuration over those values, with the process environment as overrides
   */
  public static ProviderConfig of(Map<String, String> values) {
    return new ProviderConfig(values, System::getenv);
  }

  /**
   * @return an empty configuration (environment overrides still apply)
   */
  public static ProviderConfig empty() {
    return of(Map.of());
  }

  /**
   * @param properties keys and values
   * @return a configuration over them, with the process environment as overrides
   */
  public static ProviderConfig of(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return of(map);
  }

  /**
   * Reads a properties file (UTF-8).
   *
   * @param file the file
   * @return its configuration, with the process environment as overrides
   * @throws ConfigurationException if the file cannot be read
   */
  public static ProviderConfig load(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file);
        var reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    return of(properties);
  }

  /**
   * @param env replacement for the process environment (tests)
   * @return the same keys with another environment for overrides and {@code env:} references
   */
  public ProviderConfig withEnvironment(Map<String, String> env) {
    return new ProviderConfig(values, env::get);
  }

  /**
   * @param key a key
   * @param value its value
   * @return a copy with that key set (an environment override still wins)
   */
  public ProviderConfig with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new ProviderConfig(copy, environment);
  }

  /**
   * @param key e.g. {@code uncloud.jdbc.url}
   * @return the environment variable that overrides it, e.g. {@code UNCLOUD_JDBC_URL}
   */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses a duration as configuration keys write it: {@code 500ms}, {@code 5s}, {@code 2m},
   * {@code 1h}, or ISO-8601 ({@code PT5S}), case-insensitively.
   *
   * @param text the value
   * @return the duration
   * @throws IllegalArgumentException if it is neither, with a message that shows the accepted forms
   */
  public static Duration parseDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 5s, 2m or PT5S", e);
    }
  }

  /**
   * @param key a key
   * @return its value (environment override first), trimmed; empty if unset or blank
   */
  public Optional<String> get(String key) {
    String value = environment.apply(environmentName(key));
    if (value == null) {
      value = values.get(key);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * @param key a key
   * @param fallback the default
   * @return its value or the default
   */
  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /**
   * @param key a key
   * @return its value
   * @throws ConfigurationException if it is not set
   */
  public String require(String key) {
    return get(key).orElseThrow(() -> new ConfigurationException(
        "missing configuration key " + key + " (or environment variable " + environmentName(key) + ")"));
  }

  /**
   * Resolves a secret reference.
   *
   * @param key a key whose value is {@code env:NAME}, {@code file:PATH} or {@code plain:VALUE}
   * @return the secret, if the key is set
   * @throws ConfigurationException if the value is inline, or the variable or file is missing
   */
  public Optional<Secret> secret(String key) {
    Optional<String> reference = get(key);
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(resolveSecret(key, reference.get()));
  }

  /**
   * @param key a secret key
   * @return the secret
   * @throws ConfigurationException if unset or unresolvable
   */
  public Secret requireSecret(String key) {
    return secret(key).orElseThrow(() -> new ConfigurationException("missing configuration key " + key
        + ": give it as env:VARIABLE or file:PATH"));
  }

  /**
   * @param prefix e.g. {@code uncloud.service.}
   * @return every key (from the properties) that starts with it, sorted
   */
  public List<String> keysWithPrefix(String prefix) {
    return new ArrayList<>(new TreeSet<>(values.keySet()).subSet(prefix, prefix + Character.MAX_VALUE));
  }

  /**
   * @return a validator that collects every problem before failing once
   */
  public Validator validator() {
    return new Validator();
  }

  private Secret resolveSecret(String key, String reference) {
    if (reference.startsWith("env:")) {
      String name = reference.substring(4);
      String value = environment.apply(name);
      if (value == null || value.isEmpty()) {
        throw new ConfigurationException(key + " refers to environment variable " + name + ", which is not set");
      }
      return Secret.of(value);
    }
    if (reference.startsWith("file:")) {
      Path path = Path.of(reference.substring(5));
      try {
        String value = Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
        if (value.isEmpty()) {
          throw new ConfigurationException(key + " refers to file " + path + ", which is empty");
        }
        return Secret.of(value);
      } catch (IOException | UncheckedIOException e) {
        throw new ConfigurationException(key + " refers to file " + path + ", which cannot be read: "
            + e.getClass().getSimpleName(), e);
      }
    }
    if (reference.startsWith("plain:")) {
      return Secret.of(reference.substring(6));
    }
    throw new ConfigurationException(key + " holds an inline value; secrets must be references: "
        + "env:VARIABLE or file:PATH (plain:VALUE only for tests and demos)");
  }

  /**
   * @return the keys that are set, never their values
   */
  @Override
  public String toString() {
    return "ProviderConfig" + values.keySet();
  }

  /**
   * Collects every configuration problem, then fails once with all of them, so an operator fixes
   * the whole file in one go. Not thread-safe; use it from one thread.
   */
  public final class Validator {
    private final List<String> problems = new ArrayList<>();

    private Validator() {}

    /**
     * @param key a required key
     * @return this validator
     */
    public Validator require(String key) {
      if (get(key).isEmpty()) {
        problems.add("missing " + key + " (or environment variable " + environmentName(key) + ")");
      }
      return this;
    }

    /**
     * @param key a required secret key
     * @return this validator
     */
    public Validator requireSecret(String key) {
      if (get(key).isEmpty()) {
        problems.add("missing " + key + " (give it as env:VARIABLE or file:PATH)");
        return this;
      }
      return optionalSecret(key);
    }

    /**
     * @param key an optional secret key, checked if set
     * @return this validator
     */
    public Validator optionalSecret(String key) {
      try {
        secret(key);
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
      return this;
    }

    /**
     * @param key a key to check if set
     * @param check returns a problem description, or {@code null} if the value is fine
     * @return this validator
     */
    public Validator check(String key, Function<String, String> check) {
      get(key).ifPresent(value -> {
        String problem = check.apply(value);
        if (problem != null) {
          problems.add(key + ": " + problem);
        }
      });
      return this;
    }

    /**
     * @param problem a problem found by the caller's own checks
     * @return this validator
     */
    public Validator problem(String problem) {
      problems.add(problem);
      return this;
    }

    /**
     * @return the problems found so far
     */
    public List<String> problems() {
      return List.copyOf(problems);
    }

    /**
     * @throws ConfigurationException listing every problem, if there is any
     */
    public void validate() {
      if (!problems.isEmpty()) {
        throw new ConfigurationException("configuration has " + problems.size()
            + (problems.size() == 1 ? " problem:\n  - " : " problems:\n  - ") + String.join("\n  - ", problems));
      }
    }
  }
}
