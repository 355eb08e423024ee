package ch.uncloud.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanguageStyleTest {
  private final LanguageStyle german = NoticeTemplates.load(null).language("de").style();
  private final LanguageStyle english = NoticeTemplates.load(null).language("en").style();

  @Test
  @DisplayName("German writes amounts the Swiss way: CHF 1’234.50")
  void germanAmounts() {
    assertThat(german.format(Money.of("1234.5", "CHF"))).isEqualTo("CHF 1\u2019234.50");
    assertThat(german.format(Money.of("-1234567.05", "CHF"))).isEqualTo("CHF -1\u2019234\u2019567.05");
    assertThat(german.format(Money.of("0", "CHF"))).isEqualTo("CHF 0.00");
    assertThat(german.format(Money.of("999.99", "EUR"))).isEqualTo("EUR 999.99");
  }

  @Test
  @DisplayName("English writes amounts with comma grouping: CHF 1,234.50")
  void englishAmounts() {
    assertThat(english.format(Money.of("1234.50", "CHF"))).isEqualTo("CHF 1,234.50");
    assertThat(english.format(Money.of("-0.05", "CHF"))).isEqualTo("CHF -0.05");
    assertThat(english.format(Money.of("1000000", "JPY"))).isEqualTo("JPY 1,000,000");
  }

  @Test
  @DisplayName("dates and months are written in the language")
  void datesAndMonths() {
    assertThat(german.format(LocalDate.of(2025, 3, 1))).isEqualTo("01.03.2025");
    assertThat(german.format(YearMonth.of(2025, 3))).isEqualTo("März 2025");
    assertThat(english.format(LocalDate.of(2025, 3, 1))).isEqualTo("1 March 2025");
    assertThat(english.format(YearMonth.of(2025, 3))).isEqualTo("March 2025");
  }

  @Test
  @DisplayName("each way of paying a bill has the language's words")
  void payments() {
    assertThat(german.payment("bill")).isEqualTo("per Rechnung");
    assertThat(english.payment("card")).isEqualTo("by your card");
    assertThat(english.payment("barter")).isEqualTo("barter");
  }

  @Test
  @DisplayName("a style without the number, a separator or a pattern is refused naming every problem")
  void incompleteStyle() throws Exception {
    Properties properties = new Properties();
    properties.load(new StringReader("amount = {currency}\ndate = nonsense{\n"));

    assertThatThrownBy(() -> LanguageStyle.of("xx", properties, "xx/language.properties"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing decimal")
        .hasMessageContaining("missing month")
        .hasMessageContaining("date is not a date pattern")
        .hasMessageContaining("missing payment.card")
        .hasMessageContaining("amount must contain {number}");
  }
}
