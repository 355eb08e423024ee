package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.cli.LaunchedUncloud.Finished;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import com.stripe.StripeClient;
import com.stripe.param.SetupIntentConfirmParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Done when": a card registered through the command in one process is seen by a gateway
 * running in another, both on one configuration and so one SQLite database. Each is its own JVM,
 * started through the launcher at the repository root; Stripe is the test server and the directory
 * the demo's LDIF on an embedded LDAP server, both in this test's JVM.
 */
@DisplayName("A card registered by `uncloud cards` in one process is listed by `uncloud serve` running in another")
class CardAcrossProcessesIT {
  private static final String STRIPE_KEY = "sk_test_uncloudprocesses";

  @TempDir
  Path work;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("the running gateway lists, over HTTP with the person's login, the card the command registered")
  void cardRegisteredByTheCommandIsListedByTheRunningGateway() throws Exception {
    try (EmbeddedLdapServer ldap = EmbeddedLdapServer.builder().ldifResource(Demo.LDIF).build().start();
        FakeStripeServer stripe = FakeStripeServer.start()) {
      Path config = work.resolve("uncloud.properties");
      List<String> keys = new ArrayList<>(DemoLauncherIT.productionConfig(work, ldap));
      keys.addAll(List.of(
          "uncloud.shop-store=jdbc",
          "uncloud.payments=stripe",
          "uncloud.stripe.secret-key=env:TEST_STRIPE_KEY",
          "uncloud.stripe.publishable-key=pk_test_uncloudprocesses",
          "uncloud.stripe.api-base=" + stripe.baseUrl(),
          "uncloud.payment-records=jdbc"));
      Files.write(config, keys);
      Map<String, String> secrets = Map.of("TEST_LDAP_PASSWORD", ldap.bindPassword(), "TEST_STRIPE_KEY", STRIPE_KEY);
      LaunchedUncloud gateway = LaunchedUncloud.start(work, secrets, "serve", "--config", config.toString());

      Finished started = LaunchedUncloud.run(work, secrets, "cards", "register", "--config", config.toString(),
          "--user", "nethzuser");
      String setup = found("started card registration (seti_\\w+)", started);
      StripeClient.builder().setApiKey(STRIPE_KEY).setApiBase(stripe.baseUrl()).build().v1().setupIntents()
          .confirm(setup, SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
      Finished completed = LaunchedUncloud.run(work, secrets, "cards", "register", "--config", config.toString(),
          "--user", "nethzuser", "--complete", setup);
      String card = found("saved (pm_\\w+)", completed);
      HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/v1/cards"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              "nethzuser:nethzgeheim".getBytes(StandardCharsets.UTF_8)))
          .GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      JsonObject only = Json.createReader(new StringReader(listed.body())).readObject().getJsonArray("cards")
          .getJsonObject(0);
      assertThat(only.getString("id")).isEqualTo(card);
      assertThat(only.getString("last4")).isEqualTo("4242");
      assertThat(only.getBoolean("default")).isTrue();
      assertThat(stripe.customerCount()).as("one Stripe customer, found by both processes").isEqualTo(1);
      gateway.stopCleanly();
    }
  }

  private static String found(String regex, Finished command) {
    assertThat(command.status()).as(command.err()).isZero();
    Matcher m = Pattern.compile(regex).matcher(command.out());
    assertThat(m.find()).as(command.out()).isTrue();
    return m.group(1);
  }
}
