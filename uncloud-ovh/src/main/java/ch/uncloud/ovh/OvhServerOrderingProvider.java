package ch.uncloud.ovh;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrderJournalProvider;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ServerOrderingProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@code ovh} server-ordering provider. Keys (secrets as {@code env:NAME} or {@code file:PATH}):
 * <ul>
 *   <li>{@code uncloud.ovh.endpoint}: {@code ovh-eu} (default), {@code ovh-ca}, {@code ovh-us},
 *       {@code kimsufi-eu}, {@code kimsufi-ca}, {@code soyoustart-eu}, {@code soyoustart-ca} or a base URL</li>
 *   <li>{@code uncloud.ovh.application-key}, {@code uncloud.ovh.application-secret},
 *       {@code uncloud.ovh.consumer-key}: required secret references</li>
 *   <li>{@code uncloud.ovh.trust-certificate}: a PEM certificate to trust besides the system's
 *       authorities (the OVH test server's, which {@code uncloud fake ovh} prints)</li>
 *   <li>{@code uncloud.ovh.subsidiary}: default {@code FR}</li>
 *   <li>{@code uncloud.ovh.region}: region for plans that need one, default {@code europe}</li>
 *   <li>{@code uncloud.ovh.datacenter}, {@code uncloud.ovh.os}: defaults for
 *       {@link OvhServerOrdering#request} (no datacenter default; OS default {@code none_64.en})</li>
 *   <li>{@code uncloud.ovh.journal-dir}: order journal directory, default {@code ~/.uncloud/ovh-orders}</li>
 *   <li>{@code uncloud.server-order-journal}: {@code jdbc} keeps the order journal in the ledger's database
 *       instead (a {@link ch.uncloud.spi.ServerOrderJournalProvider} from {@code ch.uncloud:uncloud-jdbc}),
 *       shared by every process on that database</li>
 *   <li>{@code uncloud.ovh.request-timeout-seconds} (30), {@code uncloud.ovh.connect-timeout-seconds} (10),
 *       {@code uncloud.ovh.get-retries} (2)</li>
 *   <li>{@code uncloud.ovh.auto-pay} and {@code uncloud.ovh.waive-retractation}: checkout flags, default false</li>
 * </ul>
 */
public final class OvhServerOrderingProvider implements ServerOrderingProvider {
  static final String PREFIX = "uncloud.ovh.";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public OvhServerOrderingProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "ovh";
  }

  @Override
  public ServerOrdering create(ProviderConfig config) {
    config.validator()
        .requireSecret(PREFIX + "application-key")
        .requireSecret(PREFIX + "application-secret")
        .requireSecret(PREFIX + "consumer-key")
        .check(PREFIX + "endpoint", v -> problem(() -> OvhEndpoint.of(v)))
        .check(PREFIX + "subsidiary", v -> OvhServerOrdering.SUBSIDIARIES.contains(v) ? null
            : "unknown subsidiary; use one of " + new java.util.TreeSet<>(OvhServerOrdering.SUBSIDIARIES))
        .check(PREFIX + "request-timeout-seconds", OvhServerOrderingProvider::positiveInt)
        .check(PREFIX + "connect-timeout-seconds", OvhServerOrderingProvider::positiveInt)
        .check(PREFIX + "get-retries", v -> v.matches("\\d{1,2}") ? null : "must be a number from 0 to 99")
        .check(PREFIX + "auto-pay", OvhServerOrderingProvider::bool)
        .check(PREFIX + "waive-retractation", OvhServerOrderingProvider::bool)
        .validate();
    OvhOrderJournal journal = journal(config);
    try {
      OvhClient client = OvhClient.builder()
          .endpoint(config.get(PREFIX + "endpoint", "ovh-eu"))
          .applicationKey(config.requireSecret(PREFIX + "application-key"))
          .applicationSecret(config.requireSecret(PREFIX + "application-secret"))
          .consumerKey(config.requireSecret(PREFIX + "consumer-key"))
          .requestTimeout(Duration.ofSeconds(Integer.parseInt(config.get(PREFIX + "request-timeout-seconds", "30"))))
          .connectTimeout(Duration.ofSeconds(Integer.parseInt(config.get(PREFIX + "connect-timeout-seconds", "10"))))
          .getRetries(Integer.parseInt(config.get(PREFIX + "get-retries", "2")), Duration.ofMillis(500))
          .trustCertificate(config.get(PREFIX + "trust-certificate").map(Path::of).orElse(null))
          .build();
      return OvhServerOrdering.builder(client, journal)
          .subsidiary(config.get(PREFIX + "subsidiary", "FR"))
          .defaultRegion(config.get(PREFIX + "region", "europe"))
          .defaultDatacenter(config.get(PREFIX + "datacenter").orElse(null))
          .defaultOperatingSystem(config.get(PREFIX + "os", "none_64.en"))
          .autoPay(Boolean.parseBoolean(config.get(PREFIX + "auto-pay", "false")))
          .waiveRetractationPeriod(Boolean.parseBoolean(config.get(PREFIX + "waive-retractation", "false")))
          .ownsClient(true)
          .build();
    } catch (RuntimeException e) {
      if (journal instanceof StoredOvhOrderJournal stored) {
        stored.close();
      }
      throw e;
    }
  }

  /** The journal {@code uncloud.server-order-journal} names (discovered), else files in the journal directory. */
  private static OvhOrderJournal journal(ProviderConfig config) {
    Optional<String> named = config.get(ServerOrderJournalProvider.KEY);
    if (named.isEmpty()) {
      return FileOvhOrderJournal.open(Path.of(config.get(PREFIX + "journal-dir",
          Path.of(System.getProperty("user.home"), ".uncloud", "ovh-orders").toString())));
    }
    List<ServerOrderJournalProvider> found = ServiceLoader.load(ServerOrderJournalProvider.class,
            OvhServerOrderingProvider.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(named.get())).toList();
    if (found.size() != 1) {
      throw new ConfigurationException(ServerOrderJournalProvider.KEY + "=" + named.get() + ": " + found.size()
          + " ServerOrderJournalProvider(s) of that name on the class path; use jdbc with ch.uncloud:uncloud-jdbc "
          + "(the ledger's database), or remove the key to keep the journal in uncloud.ovh.journal-dir");
    }
    return new StoredOvhOrderJournal(found.get(0).create(config));
  }

  private static String problem(Runnable check) {
    try {
      check.run();
      return null;
    } catch (ConfigurationException e) {
      return e.getMessage();
    }
  }

  private static String positiveInt(String v) {
    return v.matches("[1-9]\\d{0,5}") ? null : "must be a whole number of seconds, at least 1";
  }

  private static String bool(String v) {
    return v.equals("true") || v.equals("false") ? null : "must be true or false";
  }

  @Override
  public String toString() {
    return "OvhServerOrderingProvider[ovh]";
  }
}
