package ch.uncloud.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Stripe minor units")
class StripeAmountsTest {

  @ParameterizedTest(name = "{0} {1} is {2} on the wire")
  @CsvSource({
      "10.50, CHF, 1050",
      "0.01, EUR, 1",
      "500, JPY, 500",
      "1500, KRW, 1500",
      "7, CLP, 7",
      "5.120, KWD, 5120",
      "1.000, BHD, 1000",
      "40, ISK, 4000",
      "999999.99, USD, 99999999"})
  @DisplayName("amounts convert to Stripe's minor units and back exactly")
  void roundTrip(String amount, String currency, long minor) {
    Money money = Money.of(amount, currency);
    assertThat(StripeAmounts.toMinorUnits(money)).isEqualTo(minor);
    assertThat(StripeAmounts.fromMinorUnits(minor, currency.toLowerCase())).isEqualTo(money);
  }

  @Test
  @DisplayName("MGA, zero-decimal at Stripe but two-decimal in ISO 4217, takes whole ariary only")
  void zeroDecimalAtStripeOnly() {
    assertThat(StripeAmounts.toMinorUnits(Money.of("150", "MGA"))).isEqualTo(150);
    assertThat(StripeAmounts.fromMinorUnits(150, "mga")).isEqualTo(Money.of("150.00", "MGA"));
    assertThatThrownBy(() -> StripeAmounts.toMinorUnits(Money.of("1.50", "MGA")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "amount_not_representable")
        .hasMessageContaining("whole units");
  }

  @Test
  @DisplayName("a three-decimal amount whose last digit is not 0 is refused, not rounded")
  void threeDecimalLastDigit() {
    assertThatThrownBy(() -> StripeAmounts.toMinorUnits(Money.of("5.124", "KWD")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "amount_not_representable")
        .hasMessageContaining("5.120");
  }

  @Test
  @DisplayName("an amount above Stripe's eight-digit limit is refused with advice to split it")
  void tooLarge() {
    assertThatThrownBy(() -> StripeAmounts.toMinorUnits(Money.of("1000000.00", "CHF")))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "amount_not_representable")
        .hasMessageContaining("split");
  }

  @Test
  @DisplayName("currencies go on the wire in lower case")
  void lowerCase() {
    assertThat(StripeAmounts.stripeCurrency(Money.currency("CHF"))).isEqualTo("chf");
  }
}
