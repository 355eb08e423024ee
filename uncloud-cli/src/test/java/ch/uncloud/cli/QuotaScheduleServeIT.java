package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.cli.LaunchedUncloud.Finished;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uncloud serve} with {@code uncloud.quota.schedule}: the running gateway grants the quota of
 * the current period to the group's members by itself, says so when it starts, and stops the
 * schedule cleanly on SIGTERM. The gateway is its own JVM, started through the launcher; the
 * directory is the demo's LDIF with one group added, on an embedded LDAP server in this JVM.
 */
@DisplayName("uncloud serve runs the quota grants on uncloud.quota.schedule")
class QuotaScheduleServeIT {
  @TempDir
  Path work;

  @Test
  @DisplayName("a member of the granted group holds the month's quota without anyone running the command")
  void servedScheduleGrantsTheCurrentPeriod() throws Exception {
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start()) {
      try (LDAPConnection connection = ldap.openServiceConnection()) {
        connection.add("dn: cn=lab-members,ou=groups," + ldap.baseDn(), "objectClass: groupOfNames",
            "cn: lab-members", "member: uid=nethzuser,ou=people," + ldap.baseDn());
      }
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.addAll(List.of(
          "uncloud.ldap.group-base=ou=groups," + ldap.baseDn(),
          "uncloud.quota.grants=lab",
          "uncloud.quota.lab.group=lab-members",
          "uncloud.quota.lab.amount=20.00",
          "uncloud.quota.lab.period=month",
          "uncloud.quota.schedule=PT1H"));
      Files.write(config, keys);
      Map<String, String> secrets = Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword());

      LaunchedUncloud gateway = LaunchedUncloud.start(work, secrets, "serve", "--config", config.toString());
      Finished shown = showUntilGranted(secrets, config);

      assertThat(Files.readString(gateway.stderr())).contains("uncloud: quota grants run every PT1H as uncloud-schedule");
      assertThat(shown.out()).contains("nethzuser: quota 20.00 CHF");
      gateway.stopCleanly();
    }
  }

  /** The first tick runs as the gateway starts, on its own thread: ask until it has booked. */
  private Finished showUntilGranted(Map<String, String> secrets, Path config) throws Exception {
    Finished shown = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      shown = LaunchedUncloud.run(work, secrets, "quota", "show", "nethzuser", "--config", config.toString());
      assertThat(shown.status()).as(shown.err()).isZero();
      if (!shown.out().contains("quota 0.00")) {
        return shown;
      }
      Thread.sleep(500);
    }
    return shown;
  }
}
