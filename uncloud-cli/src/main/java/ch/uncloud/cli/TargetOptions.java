package ch.uncloud.cli;

import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command shares to say what it runs against: the demo ({@code --demo}, with
 * {@code --data DIR}) or a configuration file ({@code --config FILE}).
 */
final class TargetOptions {
  @Option(names = "--demo", description = "Use the demo: an SQLite ledger under --data and an embedded LDAP "
      + "directory with the demo users (see the README).")
  boolean demo;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the uncloud.* keys "
      + "(production). Environment variables such as UNCLOUD_JDBC_URL override its keys.")
  Path config;

  @Option(names = "--ceph-conf", paramLabel = "FILE", description = "With --demo: run the VMs on this real Ceph "
      + "cluster (its ceph.conf, naming the admin keyring): every VM order gets an RBD image in the pool rbd, and "
      + "snapshots are RBD snapshots. Needs the native librados2 and librbd1.")
  Path cephConf;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "uncloud-data", description = "Where the demo keeps "
      + "its ledger (default: ${DEFAULT-VALUE}); with --config, the SQLite ledger's directory if uncloud.jdbc.url "
      + "is not set.")
  Path data;

  /**
   * @return the configuration behind --config, with the SQLite default under --data filled in
   * @throws UncloudCommand.CommandFailure if neither or both of --demo and --config are given
   */
  ProviderConfig configuration() {
    requireOne();
    ProviderConfig loaded = ProviderConfig.load(config);
    if (loaded.get("uncloud.jdbc.url").isEmpty() && loaded.get("uncloud.ledger").orElse("jdbc").equals("jdbc")) {
      loaded = loaded.with("uncloud.jdbc.url", "jdbc:sqlite:" + data.resolve(Demo.LEDGER_FILE).toAbsolutePath());
    }
    return loaded;
  }

  /**
   * Opens what the options name.
   *
   * @return the backend; the caller closes it
   */
  Backend open() {
    return open((Object) null);
  }

  /**
   * Opens what the options name, recording meters into the registry.
   *
   * @param meterRegistry a Micrometer {@code MeterRegistry} the core and its providers record into, or
   *     {@code null} for none
   * @return the backend; the caller closes it
   */
  Backend open(Object meterRegistry) {
    requireOne();
    if (demo) {
      return Demo.start(data, Clock.systemUTC(), cephConf, meterRegistry);
    }
    return open(configuration(), List.of(), meterRegistry);
  }

  /**
   * Opens a production configuration after checking all of it at once: the caller's own problems,
   * the production rules ({@link ProductionCheck}), the core's keys and every selected provider's keys.
   *
   * @param configuration the configuration, as {@link #configuration()} made it
   * @param callerProblems problems the caller found in it (the gateway's keys), reported together
   * @return the backend; the caller closes it
   * @throws ch.uncloud.api.ConfigurationException listing every problem
   */
  Backend open(ProviderConfig configuration, List<String> callerProblems) {
    return open(configuration, callerProblems, null);
  }

  /**
   * Opens a production configuration as {@link #open(ProviderConfig, List)} does, recording meters into
   * the registry.
   *
   * @param configuration the configuration, as {@link #configuration()} made it
   * @param callerProblems problems the caller found in it, reported together
   * @param meterRegistry a Micrometer {@code MeterRegistry}, or {@code null} for none
   * @return the backend; the caller closes it
   */
  Backend open(ProviderConfig configuration, List<String> callerProblems, Object meterRegistry) {
    ProductionCheck.refuseIfAny(problems(configuration, callerProblems));
    createDataDirIfUsed(configuration);
    // the problems are checked above, as UncloudCore.fromConfig would
    ch.uncloud.core.UncloudBuilder builder = UncloudCore.builder().configure(configuration);
    UncloudCore uncloud = (meterRegistry == null ? builder : builder.meterRegistry(meterRegistry)).build();
    return new Backend(uncloud, null, false, configuration.get("uncloud.jdbc.url").map(TargetOptions::withoutSecrets)
        .orElse(uncloud.ledger().toString()), null, null);
  }


  /**
   * @param configuration a production configuration
   * @param callerProblems problems the caller found in it
   * @return those, then the production rules' ({@link ProductionCheck}), the core's and every selected
   *     provider's problems; nothing is connected to
   */
  static List<String> problems(ProviderConfig configuration, List<String> callerProblems) {
    List<String> problems = new ArrayList<>(callerProblems);
    problems.addAll(ProductionCheck.problems(configuration));
    problems.addAll(UncloudCore.configurationProblems(configuration));
    return problems;
  }

  private void createDataDirIfUsed(ProviderConfig configuration) {
    String url = configuration.get("uncloud.jdbc.url").orElse("");
    Path defaultFile = data.resolve(Demo.LEDGER_FILE).toAbsolutePath();
    if (url.equals("jdbc:sqlite:" + defaultFile)) {
      try {
        java.nio.file.Files.createDirectories(defaultFile.getParent());
      } catch (java.io.IOException e) {
        throw new UncloudCommand.CommandFailure("cannot create the data directory " + data + ": " + e.getMessage());
      }
    }
  }

  private void requireOne() {
    if (cephConf != null && !demo) {
      throw new UncloudCommand.CommandFailure("--ceph-conf runs the demo's VMs on a real cluster: give it with --demo; "
          + "with --config set uncloud.snapshots=ceph and uncloud.ceph.conf instead");
    }
    if (demo == (config != null)) {
      throw new UncloudCommand.CommandFailure(demo
          ? "give either --demo or --config FILE, not both"
          : "say what to run against: --demo (try it out) or --config FILE (production)");
    }
  }

  private static String withoutSecrets(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }
}
