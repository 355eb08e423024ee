package ch.uncloud.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Username;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentGatewayProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("StripePaymentGatewayProvider")
class StripePaymentGatewayProviderTest {

  @Test
  @DisplayName("is discovered by ServiceLoader under the name stripe")
  void discovered() {
    assertThat(ServiceLoader.load(PaymentGatewayProvider.class).stream().map(p -> p.get().name()))
        .contains("stripe");
  }

  @Test
  @DisplayName("builds a working gateway from an env: secret reference and an api-base")
  void fromEnvironment(@TempDir Path dir) {
    try (FakeStripeServer fake = FakeStripeServer.start()) {
      ProviderConfig config = ProviderConfig.of(Map.of(
          "uncloud.stripe.secret-key", "env:STRIPE_SECRET_KEY",
          "uncloud.stripe.api-base", fake.baseUrl(),
          "uncloud.stripe.max-network-retries", "0",
          "uncloud.stripe.customer-store-file", dir.resolve("customers.properties").toString()))
          .withEnvironment(Map.of("STRIPE_SECRET_KEY", "sk_test_from_environment"));
      try (PaymentGateway gateway = new StripePaymentGatewayProvider().create(config)) {
        assertThat(gateway.startCardSetup(Username.of("provider-user")).setupId()).startsWith("seti_");
      }
      assertThat(fake.customerCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("reads the key from a file: reference and keeps customers in the configured file")
  void fromFile(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("stripe.key");
    Files.writeString(keyFile, "sk_test_from_file\n");
    try (FakeStripeServer fake = FakeStripeServer.start()) {
      ProviderConfig config = ProviderConfig.of(Map.of(
          "uncloud.stripe.secret-key", "file:" + keyFile,
          "uncloud.stripe.api-base", fake.baseUrl(),
          "uncloud.stripe.customer-store-file", dir.resolve("customers.properties").toString()))
          .withEnvironment(Map.of());
      new StripePaymentGatewayProvider().create(config).startCardSetup(Username.of("file-user"));
      assertThat(Files.readString(dir.resolve("customers.properties"))).contains("cus_");
    }
  }

  @Test
  @DisplayName("reports every configuration problem at once")
  void allProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.stripe.api-base", "not a url",
        "uncloud.stripe.read-timeout-ms", "soon",
        "uncloud.stripe.max-network-retries", "99"))
        .withEnvironment(Map.of());
    assertThatThrownBy(() -> new StripePaymentGatewayProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("5 problems")
        .hasMessageContaining("uncloud.stripe.customer-store-file")
        .hasMessageContaining("uncloud.stripe.secret-key")
        .hasMessageContaining("uncloud.stripe.api-base")
        .hasMessageContaining("uncloud.stripe.read-timeout-ms")
        .hasMessageContaining("uncloud.stripe.max-network-retries");
  }

  @Test
  @DisplayName("refuses a configuration without a durable customer store, naming the key and what to set")
  void customerStoreRequired() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.stripe.secret-key", "env:STRIPE_SECRET_KEY"))
        .withEnvironment(Map.of("STRIPE_SECRET_KEY", "sk_test_no_store"));

    assertThatThrownBy(() -> new StripePaymentGatewayProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1 problem")
        .hasMessageContaining("missing uncloud.stripe.customer-store-file")
        .hasMessageContaining("set it to a file")
        .hasMessageNotContaining("sk_test_no_store");
    assertThatThrownBy(() -> StripePaymentGateway.builder(ch.uncloud.api.Secret.of("sk_test_no_store")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.stripe.customer-store-file")
        .hasMessageContaining(".customerStore(...)");
  }

  @Test
  @DisplayName("refuses an inline key and a publishable key without repeating either")
  void badKeys() {
    ProviderConfig inline = ProviderConfig.of(Map.of("uncloud.stripe.secret-key", "sk_test_inline_secret_value"))
        .withEnvironment(Map.of());
    assertThatThrownBy(() -> new StripePaymentGatewayProvider().create(inline))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("env:")
        .hasMessageNotContaining("inline_secret_value");
    ProviderConfig publishable = ProviderConfig.of(Map.of("uncloud.stripe.secret-key", "env:KEY"))
        .withEnvironment(Map.of("KEY", "pk_test_publishable_value"));
    assertThatThrownBy(() -> new StripePaymentGatewayProvider().create(publishable))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pk_")
        .hasMessageNotContaining("publishable_value");
  }
}
