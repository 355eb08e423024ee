package ch.uncloud.cli;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses a production configuration that no one should run: no admin at all, or an admin whose
 * password (given directly or as a hash) is one of the demo passwords published in the README.
 */
final class ProductionCheck {
  private ProductionCheck() {}

  /**
   * @param config the configuration {@code serve --config} was given
   * @throws ConfigurationException saying what is wrong and how to fix it
   */
  static void check(ProviderConfig config) {
    List<String> problems = new ArrayList<>();
    List<String> admins = config.get("uncloud.admins")
        .map(v -> Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    boolean fromDirectory = Boolean.parseBoolean(config.get("uncloud.admins.from-directory", "false"));
    if (admins.isEmpty() && !fromDirectory) {
      problems.add("no admin is configured, so nobody could book anything: list admins in uncloud.admins and give "
          + "each uncloud.admin.NAME.password-hash (make one with `uncloud hash-password`), or set "
          + "uncloud.admins.from-directory=true");
    }
    for (String admin : admins) {
      if (usesDemoPassword(config, admin)) {
        problems.add("admin " + admin + " uses a demo password, which is published in the README: give it a new "
            + "one with `uncloud hash-password` and uncloud.admin." + admin + ".password-hash");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("refusing to start with this configuration:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  private static boolean usesDemoPassword(ProviderConfig config, String admin) {
    String hashKey = "uncloud.admin." + admin + ".password-hash";
    String passwordKey = "uncloud.admin." + admin + ".password";
    if (config.get(hashKey).isPresent()) {
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(config.require(hashKey));
      } catch (InvalidRequestException e) {
        return false; // reported by the credit configuration itself
      }
      return Demo.ADMINS.values().parallelStream().anyMatch(demo -> hash.matches(Secret.of(demo)));
    }
    try {
      return config.secret(passwordKey)
          .map(secret -> Demo.ADMINS.values().stream().anyMatch(demo -> secret.matches(Secret.of(demo))))
          .orElse(false);
    } catch (ConfigurationException e) {
      return false; // an unresolvable reference is reported by the credit configuration itself
    }
  }
}
