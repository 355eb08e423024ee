package ch.uncloud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.Quarter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
  @Test
  @DisplayName("a quarter parses, prints and knows its boundaries in a zone")
  void quarter() {
    Quarter q = Quarter.parse("2026-Q4");
    assertThat(q.toString()).isEqualTo("2026-Q4");
    assertThat(q.firstDay()).isEqualTo(LocalDate.of(2026, 10, 1));
    assertThat(q.endExclusive()).isEqualTo(LocalDate.of(2027, 1, 1));
    assertThat(q.start(ZoneId.of("Europe/Zurich")).toInstant().toString()).isEqualTo("2026-09-30T22:00:00Z");
    assertThat(Quarter.of(LocalDate.of(2026, 3, 31))).isEqualTo(Quarter.parse("2026-Q1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-Q5", "2026-Q0", "2026Q4", "26-Q4", "2026-q4", "", "1999-Q1"})
  @DisplayName("a malformed quarter is an invalid argument")
  void badQuarter(String text) {
    assertThatThrownBy(() -> Quarter.parse(text)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Print", "3d print", "-x", "a/b", "ä"})
  @DisplayName("service names are lower-case identifiers")
  void badServiceNames(String name) {
    assertThatThrownBy(() -> ServiceName.of(name)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("user names allow any printable text but no control characters or padding")
  void usernames() {
    assertThat(Username.of("*)(uid=*").value()).isEqualTo("*)(uid=*");
    assertThatThrownBy(() -> Username.of("bob\n")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> Username.of(" bob")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> Username.of("x".repeat(257))).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("idempotency keys are 1 to 255 printable ASCII characters")
  void idempotencyKeys() {
    assertThat(IdempotencyKey.of("x".repeat(255)).value()).hasSize(255);
    assertThatThrownBy(() -> IdempotencyKey.of("x".repeat(256))).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> IdempotencyKey.of("a b")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("new entry ids are valid, distinct, of one width, and sort in the order they were made")
  void newEntryIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ids.add(EntryId.random().value());
    }

    assertThat(ids).doesNotHaveDuplicates().isSorted().allSatisfy(id -> {
      assertThat(EntryId.of(id).value()).isEqualTo(id);
      assertThat(id).matches("[0-9a-z]+-[0-9a-z]{12}").hasSize(ids.get(0).length());
    });
  }

  @Test
  @DisplayName("a secret never shows its value")
  void secretHidden() {
    Secret secret = Secret.of("verygeheim");
    assertThat(secret.toString()).isEqualTo("****");
    assertThat(secret.matches(Secret.of("verygeheim"))).isTrue();
    assertThat(secret.matches(Secret.of("verygeheiM"))).isFalse();
  }

  @Test
  @DisplayName("every error category maps to its HTTP status")
  void categories() {
    assertThat(new NotFoundException(ErrorCodes.UNKNOWN_USER, "x").category().httpStatus()).isEqualTo(404);
    assertThat(new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "x").category().httpStatus()).isEqualTo(409);
    assertThat(new ProviderUnavailableException("x").isRetryable()).isTrue();
    assertThat(new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "x").category().httpStatus()).isEqualTo(403);
    assertThat(new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME).category().httpStatus())
        .isEqualTo(401);
  }
}
