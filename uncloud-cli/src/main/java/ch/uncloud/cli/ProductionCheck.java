package ch.uncloud.cli;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.core.ConfiguredAdmins;
import ch.uncloud.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a production configuration that no one should run: no admin at all, or an admin whose
 * password (given directly or as a hash) is one of the demo passwords published in the README. The
 * admins are read by the core ({@link ConfiguredAdmins}), as the credit service reads them; a key
 * the core cannot read is left to the core to report.
 */
final class ProductionCheck {
  private ProductionCheck() {}

  /**
   * @param config the configuration {@code serve --config} was given
   * @throws ConfigurationException saying what is wrong and how to fix it
   */
  static void check(ProviderConfig config) {
    List<String> problems = new ArrayList<>();
    ConfiguredAdmins admins = ConfiguredAdmins.read(config);
    if (admins.names().isEmpty() && !admins.fromDirectory()) {
      problems.add("no admin is configured, so nobody could book anything: list admins in uncloud.admins and give "
          + "each uncloud.admin.NAME.password-hash (make one with `uncloud hash-password`), or set "
          + "uncloud.admins.from-directory=true");
    }
    for (String admin : admins.names()) {
      if (admins.credential(admin).filter(ProductionCheck::isDemoPassword).isPresent()) {
        problems.add("admin " + admin + " uses a demo password, which is published in the README: give it a new "
            + "one with `uncloud hash-password` and uncloud.admin." + admin + ".password-hash");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("refusing to start with this configuration:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  private static boolean isDemoPassword(ConfiguredAdmins.Credential credential) {
    return Demo.ADMINS.values().parallelStream().anyMatch(demo -> credential.matches(Secret.of(demo)));
  }
}
