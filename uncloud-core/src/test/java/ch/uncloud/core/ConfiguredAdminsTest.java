package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The admins a configuration defines")
class ConfiguredAdminsTest {
  private static final String HASH = PasswordHash.create(Secret.of("hashed secret"), 1_000).encoded();

  @Test
  @DisplayName("lists the names of uncloud.admins in order, each with its hash or its secret reference")
  void namesAndCredentials() {
    ConfiguredAdmins admins = ConfiguredAdmins.read(ProviderConfig.of(Map.of(
            "uncloud.admins", "raplab, bursar  vppadmin",
            "uncloud.admin.raplab.password-hash", HASH,
            "uncloud.admin.bursar.password", "env:BURSAR_PASSWORD",
            "uncloud.admin.vppadmin.password-hash", HASH,
            "uncloud.admin.vppadmin.password", "env:IGNORED_WHEN_A_HASH_IS_GIVEN"))
        .withEnvironment(Map.of("BURSAR_PASSWORD", "bursar secret")));

    assertThat(admins.names()).containsExactly("raplab", "bursar", "vppadmin");
    assertThat(admins.fromDirectory()).isFalse();
    ConfiguredAdmins.Credential raplab = admins.credential("raplab").orElseThrow();
    assertThat(raplab.key()).isEqualTo("uncloud.admin.raplab.password-hash");
    assertThat(raplab.matches(Secret.of("hashed secret"))).isTrue();
    assertThat(raplab.matches(Secret.of("something else"))).isFalse();
    ConfiguredAdmins.Credential bursar = admins.credential("bursar").orElseThrow();
    assertThat(bursar.key()).isEqualTo("uncloud.admin.bursar.password");
    assertThat(bursar.matches(Secret.of("bursar secret"))).isTrue();
    assertThat(bursar.toString()).doesNotContain("bursar secret");
    assertThat(admins.credential("vppadmin").orElseThrow().hash()).isNotNull();
    assertThat(admins.problem("raplab")).isEmpty();
  }

  @Test
  @DisplayName("never fails on a bad admin: a broken hash, an unresolvable reference or no key at all is a problem naming the key")
  void problemsInsteadOfFailures() {
    ConfiguredAdmins admins = ConfiguredAdmins.read(ProviderConfig.of(Map.of(
            "uncloud.admins", "broken,unresolved,bare",
            "uncloud.admin.broken.password-hash", "not-a-hash",
            "uncloud.admin.unresolved.password", "env:NOT_SET"))
        .withEnvironment(Map.of()));

    assertThat(admins.names()).containsExactly("broken", "unresolved", "bare");
    assertThat(admins.credential("broken")).isEmpty();
    assertThat(admins.problem("broken")).hasValueSatisfying(p -> assertThat(p)
        .startsWith("uncloud.admin.broken.password-hash: "));
    assertThat(admins.problem("unresolved")).hasValueSatisfying(p -> assertThat(p)
        .startsWith("uncloud.admin.unresolved.password: ").contains("NOT_SET"));
    assertThat(admins.problem("bare")).hasValue("admin bare has neither uncloud.admin.bare.password-hash nor "
        + "uncloud.admin.bare.password");
  }

  @Test
  @DisplayName("no admins and uncloud.admins.from-directory=true: an empty list and the directory flag")
  void fromDirectoryOnly() {
    ConfiguredAdmins admins = ConfiguredAdmins.read(ProviderConfig.of(Map.of("uncloud.admins.from-directory", "true"))
        .withEnvironment(Map.of()));

    assertThat(admins.names()).isEmpty();
    assertThat(admins.fromDirectory()).isTrue();
  }
}
