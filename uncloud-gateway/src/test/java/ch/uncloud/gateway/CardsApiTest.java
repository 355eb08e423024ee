package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testkit.InMemoryPaymentGateway;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The cards API: a person registers, lists, chooses and removes their own cards under /api/v1/cards")
class CardsApiTest {
  private static final String NETHZ = basic("nethzuser", "nethzgeheim");
  private static final String ERST = basic("erstsemester", "erstgeheim");

  GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private JsonObject startRegistration(String auth, String key) {
    HttpResponse<String> response = lab.post("/api/v1/cards", Map.of(), "Authorization", auth, "Idempotency-Key", key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  /** Starts, confirms (as Stripe.js would in the browser) and completes a registration. */
  private JsonObject register(String auth, String key, String testCard) {
    String setup = startRegistration(auth, key).getString("setup_id");
    lab.backend.cards().confirmCardSetup(setup, testCard);
    HttpResponse<String> completed = lab.post("/api/v1/cards/" + setup + "/complete", Map.of(), "Authorization", auth);
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    return json(completed);
  }

  private JsonObject cards(String auth) {
    return json(lab.get("/api/v1/cards", "Authorization", auth));
  }

  @Test
  @DisplayName("starting a registration answers the client secret and publishable key; the same key answers the same")
  void startAnswersSecretAndKey() {
    JsonObject first = startRegistration(NETHZ, "reg-1");
    JsonObject again = startRegistration(NETHZ, "reg-1");

    assertThat(first.getString("setup_id")).isNotBlank();
    assertThat(first.getString("client_secret")).startsWith(first.getString("setup_id"));
    assertThat(first.getString("publishable_key")).isEqualTo(InMemoryPaymentGateway.PUBLISHABLE_KEY);
    assertThat(again).isEqualTo(first);
  }

  @Test
  @DisplayName("a registered card is listed with brand, last four digits, expiry and default, and nothing more")
  void registeredCardIsListed() {
    JsonObject card = register(NETHZ, "reg-1", "pm_card_visa");

    JsonObject listed = cards(NETHZ).getJsonArray("cards").getJsonObject(0);
    assertThat(listed).isEqualTo(card);
    assertThat(listed.keySet()).containsExactlyInAnyOrder("id", "brand", "last4", "exp_month", "exp_year", "default");
    assertThat(listed.getString("brand")).isEqualTo("visa");
    assertThat(listed.getString("last4")).isEqualTo("4242");
    assertThat(listed.getBoolean("default")).isTrue();
  }

  @Test
  @DisplayName("a second card becomes the default when chosen, and a removed card is gone")
  void chooseDefaultAndRemove() {
    String visa = register(NETHZ, "reg-1", "pm_card_visa").getString("id");
    String mastercard = register(NETHZ, "reg-2", "pm_card_mastercard").getString("id");

    JsonObject chosen = json(lab.post("/api/v1/cards/" + mastercard + "/default", Map.of(), "Authorization", NETHZ));
    JsonObject removed = json(lab.delete("/api/v1/cards/" + visa, "Authorization", NETHZ));

    assertThat(chosen.getJsonArray("cards").getValuesAs(JsonObject.class))
        .filteredOn(c -> c.getBoolean("default")).extracting(c -> c.getString("id")).containsExactly(mastercard);
    assertThat(removed.getJsonArray("cards").getValuesAs(JsonObject.class))
        .extracting(c -> c.getString("id")).containsExactly(mastercard);
  }

  @Test
  @DisplayName("another person's card is 404 exactly like a missing one, for default and removal, and stays theirs")
  void anotherPersonsCardIsNotFound() {
    String card = register(NETHZ, "reg-1", "pm_card_visa").getString("id");

    HttpResponse<String> foreignDefault = lab.post("/api/v1/cards/" + card + "/default", Map.of(), "Authorization", ERST);
    HttpResponse<String> missingDefault = lab.post("/api/v1/cards/pm_missing/default", Map.of(), "Authorization", ERST);
    HttpResponse<String> foreignRemoval = lab.delete("/api/v1/cards/" + card, "Authorization", ERST);

    assertThat(foreignDefault.statusCode()).isEqualTo(404);
    assertThat(missingDefault.statusCode()).isEqualTo(404);
    assertThat(json(foreignDefault).getString("error")).isEqualTo(json(missingDefault).getString("error"))
        .isEqualTo("unknown_payment_method");
    assertThat(foreignRemoval.statusCode()).isEqualTo(404);
    assertThat(cards(ERST).getJsonArray("cards")).isEmpty();
    assertThat(cards(NETHZ).getJsonArray("cards")).hasSize(1);
  }

  @Test
  @DisplayName("another person's registration is 404 like a missing one: its card is never saved to them")
  void anotherPersonsSetupIsNotFound() {
    String setup = startRegistration(NETHZ, "reg-1").getString("setup_id");
    lab.backend.cards().confirmCardSetup(setup, "pm_card_visa");

    HttpResponse<String> foreign = lab.post("/api/v1/cards/" + setup + "/complete", Map.of(), "Authorization", ERST);
    HttpResponse<String> missing = lab.post("/api/v1/cards/seti_missing/complete", Map.of(), "Authorization", ERST);

    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(json(foreign).getString("error")).isEqualTo(json(missing).getString("error")).isEqualTo("unknown_card_setup");
    assertThat(cards(ERST).getJsonArray("cards")).isEmpty();
  }

  @Test
  @DisplayName("the same Idempotency-Key from another person starts that person's own registration")
  void keysArePerPerson() {
    JsonObject mine = startRegistration(NETHZ, "same-key");
    JsonObject theirs = startRegistration(ERST, "same-key");

    assertThat(theirs.getString("setup_id")).isNotEqualTo(mine.getString("setup_id"));
    assertThat(theirs.getString("client_secret")).isNotEqualTo(mine.getString("client_secret"));
  }

  @Test
  @DisplayName("starting a registration without an Idempotency-Key is refused and starts nothing")
  void startNeedsKey() {
    HttpResponse<String> response = lab.post("/api/v1/cards", Map.of(), "Authorization", NETHZ);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).getString("error")).isEqualTo("missing_field");
    assertThat(json(response).getString("message")).contains("Idempotency-Key");
  }

  @Test
  @DisplayName("the cards need a login")
  void cardsNeedLogin() {
    assertThat(lab.get("/api/v1/cards").statusCode()).isEqualTo(401);
    assertThat(lab.post("/api/v1/cards", Map.of(), "Idempotency-Key", "k").statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("completing a registration not yet confirmed says so and saves nothing")
  void unconfirmedSetup() {
    String setup = startRegistration(NETHZ, "reg-1").getString("setup_id");

    HttpResponse<String> response = lab.post("/api/v1/cards/" + setup + "/complete", Map.of(), "Authorization", NETHZ);

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(json(response).getString("error")).isEqualTo("card_setup_incomplete");
    assertThat(cards(NETHZ).getJsonArray("cards")).isEmpty();
  }

  @Test
  @DisplayName("ordering with card payment before registering a card names the route that registers one")
  void cardPaymentNamesTheRoute() {
    HttpResponse<String> response = lab.post("/api/v1/orders", form("product", "membership", "payment", "card"),
        "Authorization", NETHZ);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).getString("message")).contains("POST /api/v1/cards");
  }
}
