package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.testkit.AccountDirectoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The shipped uncloud.ldif loads into a cn=config slapd and serves the lock flag and access rules")
class SlapdConfigSchemaTest {
  @Test
  @DisplayName("a slapd whose schema came from uncloud.ldif takes the contract directory and the lock flag")
  void cnConfigSchema(@TempDir Path directory) throws Exception {
    try (SlapdServer slapd = SlapdServer.start(directory, AccountDirectoryContract.SEED_LDIF, true);
        LdapAccountDirectory ldap = LdapAccountDirectory.builder().urls(slapd.url())
            .tls(LdapTls.NONE).allowPlain(true)
            .bind(SlapdServer.ROOT_DN, Secret.of(SlapdServer.ROOT_PASSWORD))
            .userBase("ou=people," + SlapdServer.BASE_DN).build()) {
      Username raplab = Username.of("raplab");
      assertThat(ldap.isAuthorized(Username.of("nethzuser"), "(&(departmentNumber=D-ARCH)(studyYear>=2))")).isTrue();
      assertThat(ldap.isAuthorized(Username.of("erstsemester"), "(studyYear>=2)")).isFalse();
      ldap.setLocked(raplab, true);
      assertThat(ldap.isLocked(raplab)).isTrue();
    }
  }
}
