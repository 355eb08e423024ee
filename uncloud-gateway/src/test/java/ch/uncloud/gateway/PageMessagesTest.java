package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
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
  @DisplayName("English and German have the same keys (but the error codes' texts), and every key a template names exists")
  void everyTextInBothLanguages() throws IOException {
    Set<String> english = keys("messages.properties");
    Set<String> german = keys("messages_de.properties");
    german.removeIf(k -> k.startsWith("code."));
    assertThat(german).isEqualTo(english);
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
  @DisplayName("German has a text for the core's refusals a person or an admin meets on the pages, each named by a real error code; English has none and shows the core's message")
  void germanTextsForErrorCodes() throws Exception {
    Set<String> codes = new TreeSet<>();
    for (java.lang.reflect.Field f : ErrorCodes.class.getFields()) {
      codes.add((String) f.get(null));
    }
    Set<String> german = keys("messages_de.properties");
    german.removeIf(k -> !k.startsWith("code."));
    assertThat(german).extracting(k -> k.substring("code.".length())).allMatch(codes::contains)
        .contains(ErrorCodes.MALFORMED_AMOUNT, ErrorCodes.TOO_MANY_DECIMALS, ErrorCodes.INSUFFICIENT_FUNDS,
            ErrorCodes.CARD_DECLINED, ErrorCodes.ORDER_NOT_ALLOWED, ErrorCodes.SNAPSHOT_NAME_TAKEN,
            ErrorCodes.ALREADY_REVERSED, ErrorCodes.UNKNOWN_ORDER, ErrorCodes.NOT_SERVICE_OWNER);
    assertThat(keys("messages.properties")).noneMatch(k -> k.startsWith("code."));
  }

  @Test
  @DisplayName("a refusal reads in the page's language, filled from the error's data; in English it is the core's own message")
  void refusalInThePagesLanguage() {
    Money available = Money.of("3.00", "CHF");
    InsufficientFundsException funds = new InsufficientFundsException(available, Money.of("10.00", "CHF"),
        "a charge of 20.00 CHF");

    assertThat(PageErrors.describe(funds, Locale.GERMAN)).isEqualTo("Dafür reicht das Guthaben nicht: verfügbar "
        + "sind 3.00 CHF, das Konto darf höchstens 10.00 CHF unter null gehen. Es wurde nichts gebucht.");
    assertThat(PageErrors.describe(funds, Locale.ENGLISH)).isEqualTo(funds.getMessage());
    InvalidRequestException noCode = new InvalidRequestException(ErrorCodes.BATCH_TOO_LARGE, "at most 1000 charges");
    assertThat(PageErrors.describe(noCode, Locale.GERMAN)).as("no German text: the core's").isEqualTo("at most 1000 charges");
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
