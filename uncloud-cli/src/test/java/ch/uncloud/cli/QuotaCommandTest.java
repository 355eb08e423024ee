package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("uncloud quota grant and quota show, on a configured LDAP group")
class QuotaCommandTest {
  private static final String PASSWORD = "a real admin secret";

  @TempDir
  Path dir;

  private EmbeddedLdapServer ldap;
  private Path config;
  private String data;

  @BeforeEach
  void configure() throws Exception {
    ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start();
    try (LDAPConnection connection = ldap.openServiceConnection()) {
      connection.add("dn: cn=arch-students,ou=groups," + ldap.baseDn(), "objectClass: groupOfNames",
          "cn: arch-students", "member: uid=nethzuser,ou=people," + ldap.baseDn(),
          "member: uid=erstsemester,ou=people," + ldap.baseDn());
    }
    config = dir.resolve("uncloud.properties");
    Files.write(config, List.of(
        "uncloud.currency=CHF",
        "uncloud.admins=labadmin",
        "uncloud.admin.labadmin.password-hash=" + PasswordHash.create(Secret.of(PASSWORD), 1_000).encoded(),
        "uncloud.quota.grants=semester",
        "uncloud.quota.semester.group=arch-students",
        "uncloud.quota.semester.amount=20.00",
        "uncloud.quota.semester.period=semester",
        "uncloud.ldap.urls=" + ldap.url(),
        "uncloud.ldap.tls=none",
        "uncloud.ldap.bind-dn=" + ldap.bindDn(),
        "uncloud.ldap.bind-password=plain:" + ldap.bindPassword(),
        "uncloud.ldap.user-base=ou=people," + ldap.baseDn(),
        "uncloud.ldap.group-base=ou=groups," + ldap.baseDn()));
    data = dir.resolve("data").toString();
  }

  @AfterEach
  void stop() {
    ldap.close();
  }

  private Run quota(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("quota"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config.toString(), "--data", data));
    return run(PASSWORD + "\n", all.toArray(String[]::new));
  }

  @Test
  @DisplayName("a grant books each member once; a dry run and a re-run book nothing, and quota show tells quota and credit apart")
  void grantOnceAndShow() {
    Run dry = quota("grant", "--dry-run", "--admin", "labadmin");
    Run granted = quota("grant", "--admin", "labadmin");
    Run again = quota("grant", "--admin", "labadmin");
    Run shown = quota("show", "nethzuser");

    assertThat(dry.status()).as(dry.err()).isZero();
    assertThat(dry.out()).startsWith("dry run: semester ").contains("would grant 40.00 CHF to 2 of 2 members");
    assertThat(granted.status()).as(granted.err()).isZero();
    assertThat(granted.out()).contains(": granted 40.00 CHF to 2 of 2 members (0 already granted for ")
        .contains("lapsed 0.00 CHF");
    assertThat(again.out()).contains("granted 0.00 CHF to 0 of 2 members (2 already granted for ");
    assertThat(shown.out().trim()).isEqualTo("nethzuser: quota 20.00 CHF, credit 0.00 CHF, balance 20.00 CHF");
  }

  @Test
  @DisplayName("a malformed period is one line with the error code, exit 1, and books nothing")
  void badPeriod() {
    Run r = quota("grant", "--period", "HS26", "--admin", "labadmin");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().trim()).startsWith("uncloud: ").endsWith("[invalid_argument]").doesNotContain("Exception");
    assertThat(quota("show", "nethzuser").out()).contains("quota 0.00 CHF");
  }

  @Test
  @DisplayName("quota without a subcommand is a usage error, exit 2, and grant has its own --help")
  void usage() {
    assertThat(run("", "quota").status()).isEqualTo(2);
    Run help = run("", "quota", "grant", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--period", "--dry-run", "--admin");
  }
}
