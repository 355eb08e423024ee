package ch.uncloud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {
  private static final Currency CHF = Currency.getInstance("CHF");

  @Test
  @DisplayName("plain decimals parse exactly and carry the currency's decimals")
  void parsesPlainDecimals() {
    assertThat(Money.of("10.5", "CHF").amount()).isEqualTo(new BigDecimal("10.50"));
    assertThat(Money.of("10.50", "CHF").toString()).isEqualTo("10.50 CHF");
    assertThat(Money.of("0", "CHF").toPlainString()).isEqualTo("0.00");
    assertThat(Money.of("-3", "CHF").isNegative()).isTrue();
    assertThat(Money.of("1000", "JPY").toPlainString()).isEqualTo("1000");
    assertThat(Money.of("1.234", "BHD").toPlainString()).isEqualTo("1.234");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10,50", "1e3", "1E3", "NaN", "Infinity", "+5", ".5", "5.", " 5", "5 ", "", "0x10",
      "1_000", "1'000", "--1", "00.5", "007", "12345678901234567", "５", "1.2.3"})
  @DisplayName("anything but a plain decimal is a malformed amount")
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> Money.parse(text, CHF)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "malformed_amount")
        .hasMessageContaining("plain decimal");
  }

  @Test
  @DisplayName("a missing amount is malformed")
  void refusesNull() {
    assertThatThrownBy(() -> Money.parse(null, CHF)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "malformed_amount");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.001", "10.505", "-0.001"})
  @DisplayName("more decimals than the currency has are refused, never rounded")
  void refusesExtraDecimals(String text) {
    assertThatThrownBy(() -> Money.parse(text, CHF)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "too_many_decimals");
    assertThatThrownBy(() -> Money.of("1.5", "JPY")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "too_many_decimals");
  }

  @Test
  @DisplayName("trailing zeros beyond the currency's decimals are fine")
  void acceptsTrailingZeros() {
    assertThat(Money.of("10.5000", "CHF")).isEqualTo(Money.of("10.50", "CHF"));
  }

  @Test
  @DisplayName("minus zero equals zero")
  void minusZeroIsZero() {
    assertThat(Money.of("-0", "CHF")).isEqualTo(Money.zero(CHF));
    assertThat(Money.of("-0.00", "CHF").isZero()).isTrue();
  }

  @Test
  @DisplayName("arithmetic is exact")
  void exactArithmetic() {
    Money sum = Money.zero(CHF);
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(Money.of("0.10", "CHF"));
    }
    assertThat(sum).isEqualTo(Money.of("1.00", "CHF"));
    assertThat(Money.of("5.00", "CHF").minus(Money.of("7.35", "CHF"))).isEqualTo(Money.of("-2.35", "CHF"));
    assertThat(Money.of("2.35", "CHF").negate()).isEqualTo(Money.of("-2.35", "CHF"));
  }

  @Test
  @DisplayName("currencies never mix")
  void currenciesDoNotMix() {
    assertThatThrownBy(() -> Money.of("1.00", "CHF").plus(Money.of("1.00", "EUR")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "currency_mismatch");
    assertThatThrownBy(() -> Money.of("1.00", "CHF").compareTo(Money.of("1.00", "EUR")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "currency_mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chf", "CHFX", "XYZ", "", "C1F"})
  @DisplayName("unknown or malformed currency codes are invalid arguments")
  void refusesBadCurrency(String code) {
    assertThatThrownBy(() -> Money.of("1.00", code)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("currencies without fixed decimals cannot hold money")
  void refusesGold() {
    assertThatThrownBy(() -> Money.of("1", "XAU")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("an error message shows a shortened, sanitized input")
  void sanitizesMessage() {
    assertThatThrownBy(() -> Money.parse("1\n2" + "9".repeat(100), CHF))
        .hasMessageNotContaining("\n").hasMessageContaining("...");
  }
}
