package ch.uncloud.gateway;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.gateway.GatewayHandler.Answer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * A person's own cards under {@code /api/v1/cards}: start a registration (the provider's client
 * secret and publishable key, for the provider's widget), complete it, list the cards (brand, last
 * four digits, expiry, default; never more), choose the default, remove one. Another person's card
 * or registration is answered like a missing one (404).
 */
final class CardsApi {
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final Set<String> START_FIELDS = Set.of("idempotency_key");

  private final Uncloud uncloud;
  private final ShopApi shop;

  CardsApi(Uncloud uncloud, ShopApi shop) {
    this.uncloud = uncloud;
    this.shop = shop;
  }

  /**
   * @param request the request
   * @param path the path after {@code /api/v1/}
   * @param method the HTTP method
   * @return the answer, or {@code null} if the path is not one of the cards'
   */
  Answer route(Request request, String path, String method) {
    String[] parts = path.split("/", -1);
    if (!parts[0].equals("cards")) {
      return null;
    }
    if (parts.length == 1) {
      if (method.equals("GET")) {
        ShopApi.noQuery(request);
        return list(uncloud.cards().list(shop.authenticate(request)));
      }
      GatewayHandler.requireMethod(method, "POST");
      return start(request);
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      GatewayHandler.requireMethod(method, "DELETE");
      ShopApi.noQuery(request);
      return list(uncloud.cards().remove(shop.authenticate(request), parts[1]));
    }
    if (parts.length == 3 && !parts[1].isEmpty() && parts[2].equals("complete")) {
      GatewayHandler.requireMethod(method, "POST");
      shop.body(request, Set.of(), false);
      return GatewayHandler.json(200, card(uncloud.cards().complete(shop.authenticate(request), parts[1])).build());
    }
    if (parts.length == 3 && !parts[1].isEmpty() && parts[2].equals("default")) {
      GatewayHandler.requireMethod(method, "POST");
      shop.body(request, Set.of(), false);
      return list(uncloud.cards().makeDefault(shop.authenticate(request), parts[1]));
    }
    return null;
  }

  private Answer start(Request request) {
    ShopApi.Body body = shop.body(request, START_FIELDS, false);
    String key = ShopApi.idempotencyKey(request, body);
    if (key == null) {
      throw GatewayError.badRequest("missing_field", "starting a card registration needs an Idempotency-Key header; "
          + "send the same one again to retry");
    }
    IdempotencyKey idempotencyKey = IdempotencyKey.of(key);
    Username user = shop.authenticate(request);
    CardRegistration registration = uncloud.cards().start(user, idempotencyKey);
    JsonObjectBuilder answer = JSON.createObjectBuilder()
        .add("setup_id", registration.setupId())
        .add("client_secret", registration.clientSecret().reveal());
    registration.publishableKey().ifPresent(k -> answer.add("publishable_key", k));
    return GatewayHandler.json(200, answer.build());
  }

  private static Answer list(List<PaymentMethod> cards) {
    JsonArrayBuilder items = JSON.createArrayBuilder();
    cards.forEach(c -> items.add(card(c)));
    JsonObject body = JSON.createObjectBuilder().add("cards", items).build();
    return GatewayHandler.json(200, body);
  }

  private static JsonObjectBuilder card(PaymentMethod card) {
    return JSON.createObjectBuilder()
        .add("id", card.id())
        .add("brand", card.brand())
        .add("last4", card.last4())
        .add("exp_month", card.expMonth())
        .add("exp_year", card.expYear())
        .add("default", card.isDefault());
  }
}
