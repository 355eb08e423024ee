package ch.uncloud.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.Secret;
import ch.uncloud.core.PasswordHash;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AdminRegistry: the same password-hash work for unknown and known admin names")
class AdminRegistryTest {
  private static final int ITERATIONS = 20_000;

  /** Every hash check the registry runs, with its iteration count. */
  private final List<Integer> checks = new ArrayList<>();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();

  private AdminRegistry registry(Map<String, PasswordHash> hashes, Map<String, Secret> passwords, String group) {
    return new AdminRegistry(hashes, passwords, directory, group, Set.of(), (hash, candidate) -> {
      checks.add(hash.iterations());
      return hash.matches(candidate);
    });
  }

  @Test
  @DisplayName("an unknown name runs one hash check with the configured parameters, like a known name with a "
      + "wrong password")
  void unknownNameCostsAKnownNamesWork() {
    AdminRegistry admins = registry(Map.of("raplab", PasswordHash.create(Secret.of("verygeheim"), ITERATIONS)),
        Map.of(), null);

    assertThatThrownBy(() -> admins.verify("raplab", Secret.of("guess")))
        .isInstanceOfSatisfying(BadCredentialsException.class,
            e -> assertThat(e.reason()).isEqualTo(BadCredentialsException.Reason.WRONG_PASSWORD));
    List<Integer> known = List.copyOf(checks);
    checks.clear();
    assertThatThrownBy(() -> admins.verify("nosuchadmin", Secret.of("guess")))
        .isInstanceOfSatisfying(BadCredentialsException.class,
            e -> assertThat(e.reason()).isEqualTo(BadCredentialsException.Reason.UNKNOWN_NAME));

    assertThat(known).containsExactly(ITERATIONS);
    assertThat(checks).isEqualTo(known);
  }

  @Test
  @DisplayName("with hashes of different strength, an unknown name costs the strongest one")
  void unknownNameCostsTheStrongestHash() {
    AdminRegistry admins = registry(Map.of(
        "raplab", PasswordHash.create(Secret.of("verygeheim"), ITERATIONS),
        "bursar", PasswordHash.create(Secret.of("bursargeheim"), 2 * ITERATIONS)), Map.of(), null);

    assertThatThrownBy(() -> admins.verify("nosuchadmin", Secret.of("guess")))
        .isInstanceOf(BadCredentialsException.class);

    assertThat(checks).containsExactly(2 * ITERATIONS);
  }

  @Test
  @DisplayName("a directory user with the right password is no admin unless a member of the admins' group")
  void directoryAdminsNeedTheGroup() {
    AdminRegistry admins = registry(Map.of(), Map.of(), "lab-admins");

    admins.verify("raplab", Secret.of("verygeheim"));
    assertThatThrownBy(() -> admins.verify("nethzuser", Secret.of("nethzpass")))
        .isInstanceOf(BadCredentialsException.class).hasMessage("invalid user name or password");
  }

  @Test
  @DisplayName("without a group no directory user is an admin")
  void noDirectoryAdminsWithoutGroup() {
    AdminRegistry admins = registry(Map.of(), Map.of("bursar", Secret.of("bursargeheim")), null);

    assertThatThrownBy(() -> admins.verify("raplab", Secret.of("verygeheim")))
        .isInstanceOf(BadCredentialsException.class);
  }
}
