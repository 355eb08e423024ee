package ch.uncloud.testservers.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stripe form bodies")
class FormBodyTest {

  @Test
  @DisplayName("brackets nest objects, indexes make lists, and values are URL-decoded")
  void nesting() {
    Map<String, Object> p = FormBody.parse("confirm=true&amount=1099&expand[0]=latest_charge&metadata[invoice]=inv-7"
        + "&off_session=true&currency=eur&invoice_settings[default_payment_method]=pm_123&email=a%40example.com"
        + "&payment_method_types[0]=card&payment_method_types[1]=sepa_debit");
    assertThat(p).containsEntry("amount", "1099")
        .containsEntry("expand", List.of("latest_charge"))
        .containsEntry("metadata", Map.of("invoice", "inv-7"))
        .containsEntry("invoice_settings", Map.of("default_payment_method", "pm_123"))
        .containsEntry("email", "a@example.com")
        .containsEntry("payment_method_types", List.of("card", "sepa_debit"));
  }

  @Test
  @DisplayName("parameter order does not matter")
  void orderInsensitive() {
    assertThat(FormBody.parse("a=1&metadata[x]=2&metadata[y]=3"))
        .isEqualTo(FormBody.parse("metadata[y]=3&a=1&metadata[x]=2"));
    assertThat(FormBody.parse("a=1")).isNotEqualTo(FormBody.parse("a=2"));
  }

  @Test
  @DisplayName("an empty body is no parameters")
  void empty() {
    assertThat(FormBody.parse("")).isEmpty();
    assertThat(FormBody.parse(null)).isEmpty();
  }
}
