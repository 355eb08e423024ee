package ch.uncloud.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testkit.TestCard;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The testkit's in-memory gateway and the Stripe test server each hold Stripe's table of test cards,
 * since neither may depend on the other; this module sees both and holds them to one truth.
 */
@DisplayName("The testkit's test cards and the Stripe test server's agree")
class TestCardsAgreeTest {
  private static final List<String> NAMES = List.of("pm_card_visa", "pm_card_mastercard", "pm_card_amex",
      "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedExpiredCard",
      "pm_card_chargeDeclinedProcessingError", "pm_card_chargeCustomerFail", "pm_card_authenticationRequired",
      "pm_card_authenticationRequiredOnSetup", "pm_card_authenticationRequiredSetupForOffSession", "tok_visa");

  @Test
  @DisplayName("every test payment method has the same brand, last 4 digits and outcomes on setup and charge")
  void sameCards() {
    for (String name : NAMES) {
      TestCard testkit = TestCard.named(name).orElseThrow();
      ch.uncloud.testservers.stripe.TestCard server = ch.uncloud.testservers.stripe.TestCard.named(name).orElseThrow();

      assertThat(describe(server.name(), server.brand(), server.last4(), server.onSetup().toString(),
          server.onCharge().toString())).as(name).isEqualTo(describe(testkit.name(), testkit.brand(), testkit.last4(),
          testkit.onSetup().toString(), testkit.onCharge().toString()));
    }
  }

  @Test
  @DisplayName("a name neither knows is unknown to both")
  void sameUnknowns() {
    assertThat(TestCard.named("pm_card_unknown")).isEmpty();
    assertThat(ch.uncloud.testservers.stripe.TestCard.named("pm_card_unknown")).isEmpty();
  }

  private static String describe(String... parts) {
    return String.join("|", parts);
  }
}
