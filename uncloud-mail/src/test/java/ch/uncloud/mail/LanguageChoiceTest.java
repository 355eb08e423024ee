package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanguageChoiceTest {
  private final LanguageChoice choice = new LanguageChoice(Set.of("de", "en", "de-at"), "en");

  @Test
  @DisplayName("a regional tag gets its language's templates, an exact regional match its own")
  void regionalTags() {
    assertThat(choice.choose(List.of("de-CH"))).isEqualTo("de");
    assertThat(choice.choose(List.of("de_CH"))).isEqualTo("de");
    assertThat(choice.choose(List.of("DE-AT"))).isEqualTo("de-at");
  }

  @Test
  @DisplayName("an Accept-Language list is read by weight; the first available language wins")
  void weightedList() {
    assertThat(choice.choose(List.of("fr, de;q=0.8, en;q=0.9"))).isEqualTo("en");
    assertThat(choice.choose(List.of("fr-CH, fr;q=0.9, de;q=0.5"))).isEqualTo("de");
    assertThat(choice.choose(List.of("de;q=0, en;q=0.1"))).isEqualTo("en");
  }

  @Test
  @DisplayName("no attribute, no available language or garbage gives the default")
  void fallback() {
    assertThat(choice.choose(List.of())).isEqualTo("en");
    assertThat(choice.choose(List.of("fr"))).isEqualTo("en");
    assertThat(choice.choose(List.of("*", ";;", "de;q=x"))).isEqualTo("en");
    assertThat(new LanguageChoice(Set.of("de", "en"), "de").choose(List.of("it"))).isEqualTo("de");
  }
}
