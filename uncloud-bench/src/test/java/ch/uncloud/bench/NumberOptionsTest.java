package ch.uncloud.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NumberOptions")
class NumberOptionsTest {
  private static final Set<String> KNOWN = Set.of("--rounds", "--users");

  @Test
  @DisplayName("reads the options given, cuts a value to its largest and falls back for one not given")
  void readsCutsAndFallsBack() {
    NumberOptions options = NumberOptions.parse(new String[] {"pages", "--rounds", "50000", "--users", "7"}, KNOWN);

    assertThat(options.get("--rounds", 20, 10_000)).isEqualTo(10_000);
    assertThat(options.get("--users", 1, 100)).isEqualTo(7);
    assertThat(NumberOptions.parse(new String[] {"pages"}, KNOWN).get("--users", 42, 100)).isEqualTo(42);
  }

  @Test
  @DisplayName("refuses an unknown option, a missing value and a value that is not a positive whole number, naming it")
  void refusesBadOptions() {
    assertThatThrownBy(() -> NumberOptions.parse(new String[] {"pages", "--nonsense", "1"}, KNOWN))
        .hasMessage("unknown option --nonsense");
    assertThatThrownBy(() -> NumberOptions.parse(new String[] {"pages", "--rounds"}, KNOWN))
        .hasMessage("--rounds needs a value");
    assertThatThrownBy(() -> NumberOptions.parse(new String[] {"pages", "--rounds", "0"}, KNOWN))
        .hasMessage("--rounds takes a positive whole number, not 0");
    assertThatThrownBy(() -> NumberOptions.parse(new String[] {"pages", "--users", "1.5"}, KNOWN))
        .hasMessage("--users takes a positive whole number, not 1.5");
  }
}
