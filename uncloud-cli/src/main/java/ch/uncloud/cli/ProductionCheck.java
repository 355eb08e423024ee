package ch.uncloud.cli;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.core.ConfiguredAdmins;
import ch.uncloud.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a production configuration that no one should run: no admin at all, an admin whose
 * password (given directly or as a hash) is one of the demo passwords published in the README, or an
 * admin password (given as a secret reference) shorter than {@value #MIN_PASSWORD_LENGTH} characters.
 * The admins are read by the core ({@link ConfiguredAdmins}), as the credit service reads them; a key
 * the core cannot read is left to the core to report.
 */
final class ProductionCheck {
  /** The shortest admin password accepted when it is given as a secret reference rather than a hash. */
  static final int MIN_PASSWORD_LENGTH = 12;

  private ProductionCheck() {}

  /**
   * @param problems the problems found; refuses if there is any
   * @throws ConfigurationException listing them all, saying what is wrong and how to fix each
   */
  static void refuseIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigurationException("refusing to start with this configuration (" + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + "):\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * @param config the configuration a --config command was given
   * @return what is wrong with its admins, each with its fix; empty if nothing
   */
  static List<String> problems(ProviderConfig config) {
    List<String> problems = new ArrayList<>();
    ConfiguredAdmins admins = ConfiguredAdmins.read(config);
    if (admins.names().isEmpty() && !admins.fromDirectory()) {
      problems.add("no admin is configured, so nobody could book anything: list admins in uncloud.admins and give "
          + "each uncloud.admin.NAME.password-hash (make one with `uncloud hash-password`), or set "
          + "uncloud.admins.from-directory=true");
    }
    for (String admin : admins.names()) {
      admins.credential(admin).ifPresent(credential -> {
        if (isDemoPassword(credential)) {
          problems.add("admin " + admin + " uses a demo password, which is published in the README: give it a new "
              + "one with `uncloud hash-password` and uncloud.admin." + admin + ".password-hash");
        } else if (credential.password() != null && credential.password().reveal().length() < MIN_PASSWORD_LENGTH) {
          problems.add(credential.key() + " is shorter than " + MIN_PASSWORD_LENGTH + " characters: give admin "
              + admin + " a longer password, best as uncloud.admin." + admin + ".password-hash from "
              + "`uncloud hash-password`");
        }
      });
    }
    return problems;
  }

  private static boolean isDemoPassword(ConfiguredAdmins.Credential credential) {
    return Demo.ADMINS.values().parallelStream().anyMatch(demo -> credential.matches(Secret.of(demo)));
  }
}
