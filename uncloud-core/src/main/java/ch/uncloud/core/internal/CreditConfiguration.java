package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.QuotaPeriod;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.Catalogs;
import ch.uncloud.core.ConfiguredAdmins;
import ch.uncloud.core.CreditSettings;
import ch.uncloud.core.QuotaInterval;
import ch.uncloud.spi.ProviderConfig;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the credit service's keys ({@code uncloud.currency}, {@code uncloud.admins} through
 * {@link ConfiguredAdmins}, {@code uncloud.services}, ...) and reports every problem at once.
 */
public final class CreditConfiguration {
  private static final String ACCOUNT_PREFIX = "uncloud.account.";
  private static final String LIMIT_SUFFIX = ".credit-limit";
  private static final Set<String> PERIODS = Set.of("semester", "quarter", "month");
  private final ProviderConfig config;

  public CreditConfiguration(ProviderConfig config) {
    this.config = config;
  }

  /**
   * Applies the keys to the settings.
   *
   * @param settings what the keys set (a builder)
   * @throws ch.uncloud.api.ConfigurationException naming every problem at once
   */
  public void applyTo(CreditSettings settings) {
    ProviderConfig.Validator validator = config.validator();
    problems(settings).forEach(validator::problem);
    validator.validate();
  }

  /**
   * Applies the keys to the settings as far as they are valid.
   *
   * @param settings what the keys set (a throwaway builder, to only collect the problems)
   * @return every problem with the credit service's keys; empty if none
   */
  public List<String> problems(CreditSettings settings) {
    ProviderConfig.Validator validator = config.validator();
    config.get("uncloud.currency").ifPresent(code -> attempt(validator, "uncloud.currency",
        () -> settings.currency(Money.currency(code))));
    config.get("uncloud.zone").ifPresent(zone -> attempt(validator, "uncloud.zone", () -> settings.zone(zone(zone))));
    config.get("uncloud.session-ttl").ifPresent(ttl -> attempt(validator, "uncloud.session-ttl",
        () -> settings.sessionTtl(duration(ttl))));
    config.get("uncloud.lock.flag-ttl").ifPresent(ttl -> attempt(validator, "uncloud.lock.flag-ttl",
        () -> settings.lockFlagTtl(duration(ttl))));
    config.get("uncloud.lock.reconcile-interval").ifPresent(interval -> attempt(validator,
        "uncloud.lock.reconcile-interval", () -> settings.lockReconcileInterval(duration(interval))));
    config.get("uncloud.catalog").ifPresent(path -> attempt(validator, "uncloud.catalog",
        () -> settings.catalog(Catalogs.load(java.nio.file.Path.of(path)))));
    ConfiguredAdmins admins = ConfiguredAdmins.read(config);
    if (admins.fromDirectory()) {
      if (admins.directoryGroup().isPresent()) {
        attempt(validator, ConfiguredAdmins.DIRECTORY_GROUP_KEY,
            () -> settings.directoryAdmins(admins.directoryGroup().get()));
      } else {
        validator.problem(ConfiguredAdmins.FROM_DIRECTORY_KEY + "=true needs " + ConfiguredAdmins.DIRECTORY_GROUP_KEY
            + ": the directory group whose members are admins (e.g. lab-admins); without it every directory user "
            + "would be an admin");
      }
    }
    attempt(validator, ConfiguredAdmins.READERS_KEY, () -> settings.readers(admins.readers().toArray(String[]::new)));
    for (String admin : admins.names()) {
      Optional<ConfiguredAdmins.Credential> credential = admins.credential(admin);
      if (credential.isPresent()) {
        ConfiguredAdmins.Credential c = credential.get();
        attempt(validator, c.key(), () -> {
          if (c.hash() != null) {
            settings.admin(admin, c.hash());
          } else {
            settings.admin(admin, c.password());
          }
        });
      } else {
        admins.problem(admin).ifPresent(validator::problem);
      }
    }
    for (String service : list("uncloud.services")) {
      String prefix = "uncloud.service." + service + ".";
      validator.require(prefix + "max-charge");
      validator.check(prefix + "check-access-on-charge", v -> v.equals("true") || v.equals("false") ? null
          : "must be true or false");
      attempt(validator, prefix + "*", () -> {
        ServiceDefinition.Builder definition = ServiceDefinition.builder(service)
            .maxCharge(config.get(prefix + "max-charge", "1"))
            .owners(list(prefix + "owners").toArray(String[]::new))
            .ownerGroups(list(prefix + "owner-groups").toArray(String[]::new))
            .accessFilter(config.get(prefix + "access-filter", ""))
            .checkAccessOnCharge(!config.get(prefix + "check-access-on-charge", "true").equals("false"));
        config.get(prefix + "credit-limit").ifPresent(definition::creditLimit);
        settings.service(definition.build());
      });
    }
    config.get("uncloud.credit-limit").ifPresent(limit -> attempt(validator, "uncloud.credit-limit",
        () -> settings.defaultCreditLimit(limit)));
    for (String key : config.keysWithPrefix(ACCOUNT_PREFIX)) {
      if (key.endsWith(LIMIT_SUFFIX) && key.length() > ACCOUNT_PREFIX.length() + LIMIT_SUFFIX.length()) {
        String account = key.substring(ACCOUNT_PREFIX.length(), key.length() - LIMIT_SUFFIX.length());
        attempt(validator, key, () -> settings.creditLimit(account, config.require(key)));
      }
    }
    for (String grant : list("uncloud.quota.grants")) {
      quotaGrant(validator, settings, grant);
    }
    config.get(QuotaInterval.KEY).ifPresent(interval -> {
      if (list("uncloud.quota.grants").isEmpty()) {
        validator.problem(QuotaInterval.KEY + " is set but no grant is listed in uncloud.quota.grants; list the "
            + "grants to run, or remove the schedule");
      }
      attempt(validator, QuotaInterval.KEY, () -> settings.quotaSchedule(QuotaInterval.parse(interval)));
    });
    return validator.problems();
  }

  /** {@code uncloud.quota.NAME.group|amount|cap|period|service}; cap defaults to the amount, service to {@code quota}. */
  private void quotaGrant(ProviderConfig.Validator validator, CreditSettings settings, String name) {
    String prefix = "uncloud.quota." + name + ".";
    for (String key : List.of("group", "amount", "period")) {
      validator.require(prefix + key);
    }
    validator.check(prefix + "period", v -> PERIODS.contains(v) ? null : "must be semester, quarter or month");
    if (config.get(prefix + "group").isEmpty() || config.get(prefix + "amount").isEmpty()
        || !PERIODS.contains(config.get(prefix + "period", ""))) {
      return;
    }
    String currency = config.get("uncloud.currency", "CHF");
    attempt(validator, prefix + "*", () -> {
      try {
        Money amount = Money.of(config.require(prefix + "amount"), currency);
        settings.quotaGrant(new QuotaGrant(name, config.require(prefix + "group"), amount,
            Money.of(config.get(prefix + "cap", amount.amount().toPlainString()), currency),
            QuotaPeriod.valueOf(config.require(prefix + "period").toUpperCase(Locale.ROOT)),
            ServiceName.of(config.get(prefix + "service", "quota"))));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, e.getMessage(), e);
      }
    });
  }

  private List<String> list(String key) {
    return config.get(key)
        .map(v -> Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElseGet(ArrayList::new);
  }

  private static void attempt(ProviderConfig.Validator validator, String key, Runnable action) {
    try {
      action.run();
    } catch (UncloudException e) {
      validator.problem(key + ": " + e.getMessage());
    }
  }

  private static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "'" + zone + "' is not a time zone such as Europe/Zurich", e);
    }
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "'" + text + "' is not an ISO-8601 duration such as PT1H", e);
    }
  }

}
