package ch.uncloud.gateway;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.credit.HoldState;
import ch.uncloud.gateway.GatewayHandler.Answer;
import ch.uncloud.gateway.GatewayHandler.Fields;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * The lab protocol's two-phase charge, in the style of {@code /charge} (form-encoded POST, admin
 * credentials in the form, the same errors): {@code POST /hold} reserves credit,
 * {@code POST /capture} books the charge of a hold, {@code POST /release} ends a hold unbooked.
 */
final class HoldRoutes {
  static final String HOLD = "/hold";
  static final String CAPTURE = "/capture";
  static final String RELEASE = "/release";

  private static final String ADMIN = "admin_username";
  private static final String PASSWORD = "admin_password";
  private static final String KEY = "idempotency_key";
  private static final Set<String> HOLD_FIELDS = Set.of(ADMIN, PASSWORD, "service_name", "username", "amount",
      "currency", "payment_comment", "expires_in_seconds", KEY);
  private static final Set<String> CAPTURE_FIELDS = Set.of(ADMIN, PASSWORD, "hold_id", "amount", "currency",
      "payment_comment");
  private static final Set<String> RELEASE_FIELDS = Set.of(ADMIN, PASSWORD, "hold_id");
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final long MAX_SECONDS = 31L * 24 * 3600;

  private final GatewayHandler handler;

  HoldRoutes(GatewayHandler handler) {
    this.handler = handler;
  }

  Answer route(Request request, String path) {
    return switch (path) {
      case HOLD -> hold(request);
      case CAPTURE -> capture(request);
      default -> release(request);
    };
  }

  private Answer hold(Request request) {
    Hold hold = handler.bookingRefusals().readThenBook(() -> {
      Fields f = handler.postForm(request, HOLD_FIELDS, ADMIN, PASSWORD, "service_name", "username", "amount",
          "currency", "payment_comment", "expires_in_seconds");
      String key = GatewayHandler.idempotencyKey(request, f);
      Duration expiresIn = Duration.ofSeconds(seconds(f.get("expires_in_seconds")));
      AdminSession session = handler.login(request, f.get(ADMIN), f.get(PASSWORD));
      HoldRequest held = new HoldRequest(ServiceName.of(f.get("service_name")), Username.of(f.get("username")),
          Money.of(f.get("amount"), f.get("currency")), expiresIn, f.get("payment_comment"),
          key == null ? null : IdempotencyKey.of(key));
      return () -> handler.credit().reserve(session, held);
    });
    Answer answer = GatewayHandler.json(200, held(hold, HoldState.OPEN).build());
    return hold.replayed() ? answer.withHeaders(Map.of("Idempotent-Replayed", "true")) : answer;
  }

  private Answer capture(Request request) {
    return handler.bookingRefusals().readThenBook(() -> {
      Fields f = handler.postForm(request, CAPTURE_FIELDS, ADMIN, PASSWORD, "hold_id", "amount", "currency");
      AdminSession session = handler.login(request, f.get(ADMIN), f.get(PASSWORD));
      HoldId hold = HoldId.of(f.get("hold_id"));
      Money amount = Money.of(f.get("amount"), f.get("currency"));
      return () -> GatewayHandler.booked(handler.credit().capture(session, hold, amount, f.optional("payment_comment")));
    });
  }

  private Answer release(Request request) {
    Fields f = handler.postForm(request, RELEASE_FIELDS, ADMIN, PASSWORD, "hold_id");
    AdminSession session = handler.login(request, f.get(ADMIN), f.get(PASSWORD));
    // a release that wrote nothing found the hold expired
    Hold hold = handler.credit().release(session, HoldId.of(f.get("hold_id")));
    return GatewayHandler.json(200, held(hold, HoldState.EXPIRED).build());
  }

  private static JsonObjectBuilder held(Hold hold, HoldState unlessEnded) {
    HoldState state = hold.endedAs() != null ? hold.endedAs() : unlessEnded;
    return JSON.createObjectBuilder()
        .add("hold_id", hold.id().toString())
        .add("username", hold.account().toString())
        .add("service_name", hold.service().toString())
        .add("amount", hold.amount().toPlainString())
        .add("currency", hold.amount().currency().getCurrencyCode())
        .add("expires_at", hold.expiresAt().toString())
        .add("state", state.name().toLowerCase(Locale.ROOT));
  }

  private static long seconds(String text) {
    if (!text.matches("[1-9][0-9]{0,9}") || Long.parseLong(text) > MAX_SECONDS) {
      throw GatewayError.badRequest("invalid_argument", "expires_in_seconds must be a whole number of seconds from 1 to "
          + MAX_SECONDS);
    }
    return Long.parseLong(text);
  }
}
