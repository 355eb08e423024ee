package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the pages' texts")
class PageMessagesTest {
  private static final Path PAGES = Path.of("src/main/resources/ch/uncloud/gateway/pages");

  private static Set<String> keys(String file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(PAGES.resolve(file))) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return new TreeSet<>(p.stringPropertyNames());
  }

  @Test
  @DisplayName("English and German have the same keys, and every key a template names exists")
  void everyTextInBothLanguages() throws IOException {
    Set<String> english = keys("messages.properties");
    assertThat(keys("messages_de.properties")).isEqualTo(english);
    Pattern literal = Pattern.compile("#\\{([a-zA-Z]+\\.[a-zA-Z]+)[}(]");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> templates = Files.list(PAGES).filter(p -> p.toString().endsWith(".html"))) {
      for (Path template : templates.toList()) {
        Matcher m = literal.matcher(Files.readString(template));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).isNotEmpty();
    assertThat(english).containsAll(used);
  }

  @Test
  @DisplayName("the language is the browser's first choice among English and German, English otherwise")
  void languageFromAcceptLanguage() {
    assertThat(PageRenderer.locale("de-CH,de;q=0.9,en;q=0.8")).isEqualTo(Locale.GERMAN);
    assertThat(PageRenderer.locale("fr-CH, fr;q=0.9, de;q=0.5")).isEqualTo(Locale.GERMAN);
    assertThat(PageRenderer.locale("fr")).isEqualTo(Locale.ENGLISH);
    assertThat(PageRenderer.locale(null)).isEqualTo(Locale.ENGLISH);
    assertThat(PageRenderer.locale(";;;q=x")).isEqualTo(Locale.ENGLISH);
  }
}
