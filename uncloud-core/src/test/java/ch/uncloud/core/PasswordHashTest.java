package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The salted PBKDF2 hashes admin passwords are stored as. */
class PasswordHashTest {
  @Test
  @DisplayName("a password hash checks the right password only and round-trips through text")
  void passwordHash() {
    PasswordHash hash = PasswordHash.create(Secret.of("verygeheim"), 1_000);
    PasswordHash parsed = PasswordHash.parse(hash.encoded());

    assertThat(parsed.matches(Secret.of("verygeheim"))).isTrue();
    assertThat(parsed.matches(Secret.of("verygeheim "))).isFalse();
    assertThat(hash.toString()).doesNotContain(hash.encoded().split("\\$")[3]);
    assertThatThrownBy(() -> PasswordHash.parse("md5$abc")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

}
