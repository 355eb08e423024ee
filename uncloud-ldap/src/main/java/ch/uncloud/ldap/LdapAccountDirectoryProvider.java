package ch.uncloud.ldap;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates {@link LdapAccountDirectory}s from {@code uncloud.ldap.*} keys; registered as {@code ldap}.
 * See the module README for every key. Every problem in the configuration is reported at once.
 */
public final class LdapAccountDirectoryProvider implements AccountDirectoryProvider {
  /** The prefix of every key this provider reads. */
  public static final String PREFIX = "uncloud.ldap.";

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public LdapAccountDirectoryProvider() {}

  @Override
  public String name() {
    return "ldap";
  }

  /**
   * @param config the configuration
   * @return a connected directory
   * @throws ConfigurationException naming every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if no LDAP server can be reached
   */
  @Override
  public AccountDirectory create(ProviderConfig config) {
    return builder(config).build();
  }

  /**
   * Reads the keys into a builder without connecting, so code can adjust it further.
   *
   * @param config the configuration
   * @return a builder holding every configured value
   * @throws ConfigurationException naming every missing or bad key
   */
  public LdapAccountDirectoryBuilder builder(ProviderConfig config) {
    LdapAccountDirectoryBuilder builder = LdapAccountDirectory.builder();
    ProviderConfig.Validator validator = config.validator();
    read(config, builder).forEach(validator::problem);
    validator.validate();
    return builder;
  }

  /** Checks the {@code uncloud.ldap.*} keys without connecting. */
  @Override
  public List<String> configurationProblems(ProviderConfig config) {
    return read(config, LdapAccountDirectory.builder());
  }

  /** Reads the keys into the builder; returns every problem found, without connecting. */
  private static List<String> read(ProviderConfig config, LdapAccountDirectoryBuilder builder) {
    ProviderConfig.Validator validator = config.validator()
        .optionalSecret(key("bind-password"))
        .optionalSecret(key("trust-store-password"));
    if (config.get(key("bind-dn")).isPresent()) {
      validator.requireSecret(key("bind-password"));
    } else if (config.get(key("bind-password")).isPresent()) {
      validator.problem(key("bind-password") + " is set but " + key("bind-dn") + " is not; set both, or neither "
          + "for anonymous searches");
    }
    List<String> problems = new ArrayList<>();

    config.get(key("urls")).ifPresent(urls -> builder.urls(
        Arrays.stream(urls.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList()));
    text(config, problems, "tls", v -> builder.tls(LdapTls.parse(v)));
    bool(config, problems, "allow-plain", builder::allowPlain);
    config.get(key("trust-store")).ifPresent(path -> {
      Secret password = safeSecret(config, key("trust-store-password"));
      builder.trustStore(Path.of(path), password);
    });
    config.get(key("trust-store-type")).ifPresent(builder::trustStoreType);
    bool(config, problems, "verify-hostname", builder::verifyHostname);
    config.get(key("bind-dn")).ifPresent(dn -> {
      Secret password = safeSecret(config, key("bind-password"));
      if (password != null) {
        builder.bind(dn, password);
      }
    });
    config.get(key("user-base")).ifPresent(builder::userBase);
    config.get(key("user-attribute")).ifPresent(builder::userAttribute);
    config.get(key("user-filter")).ifPresent(builder::userFilter);
    config.get(key("group-base")).ifPresent(builder::groupBase);
    config.get(key("group-attribute")).ifPresent(builder::groupAttribute);
    config.get(key("group-member-attributes")).ifPresent(v -> builder.groupMemberAttributes(
        Arrays.stream(v.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList()));
    config.get(key("group-member-name-attributes")).ifPresent(v -> builder.groupMemberNameAttributes(
        Arrays.stream(v.split("[\\s,]+")).filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("none")).toList()));
    config.get(key("member-of-attribute")).ifPresent(builder::memberOfAttribute);
    builder.lockFlag(config.get(key("lock-attribute"), "vppLock"), config.get(key("lock-true"), "TRUE"),
        config.get(key("lock-false"), "FALSE"));
    config.get(key("lock-object-class")).ifPresent(v -> builder.lockObjectClass(
        v.equalsIgnoreCase("none") ? null : v));
    config.get(key("disabled-filter")).ifPresent(builder::disabledFilter);
    integer(config, problems, "pool-size", builder::poolSize);
    integer(config, problems, "bind-pool-size", builder::bindPoolSize);
    duration(config, problems, "connect-timeout", builder::connectTimeout);
    duration(config, problems, "operation-timeout", builder::operationTimeout);
    duration(config, problems, "pool-wait-timeout", builder::poolWaitTimeout);
    duration(config, problems, "health-check-interval", builder::healthCheckInterval);
    duration(config, problems, "max-connection-age", builder::maxConnectionAge);

    problems.forEach(validator::problem);
    if (validator.problems().isEmpty()) {
      builder.problems().forEach(validator::problem); // cross-key checks, still before any connection
    }
    return validator.problems();
  }

  private static String key(String name) {
    return PREFIX + name;
  }

  private static Secret safeSecret(ProviderConfig config, String key) {
    try {
      return config.secret(key).orElse(null);
    } catch (ConfigurationException e) {
      return null; // reported by the validator
    }
  }

  private static void text(ProviderConfig config, List<String> problems, String name, Consumer<String> target) {
    Optional<String> value = config.get(key(name));
    if (value.isPresent()) {
      try {
        target.accept(value.get());
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
  }

  private static void bool(ProviderConfig config, List<String> problems, String name, Consumer<Boolean> target) {
    config.get(key(name)).ifPresent(v -> {
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        target.accept(Boolean.parseBoolean(v));
      } else {
        problems.add(key(name) + " must be true or false, not '" + v + "'");
      }
    });
  }

  private static void integer(ProviderConfig config, List<String> problems, String name, Consumer<Integer> target) {
    config.get(key(name)).ifPresent(v -> {
      try {
        target.accept(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        problems.add(key(name) + " must be a whole number, not '" + v + "'");
      }
    });
  }

  private static void duration(ProviderConfig config, List<String> problems, String name, Consumer<Duration> target) {
    config.get(key(name)).ifPresent(v -> {
      try {
        target.accept(ProviderConfig.parseDuration(v));
      } catch (IllegalArgumentException e) {
        problems.add(key(name) + ": " + e.getMessage());
      }
    });
  }
}
