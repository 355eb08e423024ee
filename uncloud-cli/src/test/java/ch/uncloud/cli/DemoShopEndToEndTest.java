package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.SetupIntentConfirmParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop flow over HTTP against the demo's wiring ({@link Demo#start} and the {@link Gateway}, as
 * {@code serve --demo} runs them): the in-process Stripe test server stands in for Stripe, the
 * real Stripe provider talks to it, and the test confirms the card as Stripe.js would.
 */
@DisplayName("Over HTTP against the demo: register a card, order a membership, read the statement, pay the month's bill by card")
class DemoShopEndToEndTest {
  private static final String NETHZ = "Basic " + Base64.getEncoder().encodeToString(
      "nethzuser:nethzgeheim".getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path data;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-10T09:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private Backend demo;
  private Gateway gateway;

  @BeforeEach
  void start() {
    demo = Demo.start(data, clock);
    gateway = Gateway.start(demo.uncloud(), GatewaySettings.defaults().withPort(0), clock);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    demo.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.uri() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", NETHZ);
    if (body != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonObject ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private void confirmLikeStripeJs(String setupId) throws StripeException {
    StripeClient.builder().setApiKey(Demo.STRIPE_KEY).setApiBase(demo.stripe().baseUrl()).build().v1().setupIntents()
        .confirm(setupId, SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
  }

  @Test
  @DisplayName("card with pm_card_visa, membership, a CSV statement that adds up to /me, then the finalized month paid by card")
  void shopFlow() throws StripeException {
    JsonObject registration = ok(send("POST", "/api/v1/cards", "", "Idempotency-Key", "e2e-card"));
    assertThat(registration.getString("publishable_key")).isEqualTo(Demo.STRIPE_PUBLISHABLE_KEY);
    String setup = registration.getString("setup_id");
    confirmLikeStripeJs(setup);
    JsonObject card = ok(send("POST", "/api/v1/cards/" + setup + "/complete", null));
    assertThat(card.getString("last4")).isEqualTo("4242");
    assertThat(ok(send("GET", "/api/v1/cards", null)).getJsonArray("cards")).hasSize(1);

    ok(send("POST", "/api/v1/orders", "product=membership&payment=invoice"));
    ok(send("POST", "/api/v1/topups", "amount=5.00", "Idempotency-Key", "e2e-topup"));

    JsonObject me = ok(send("GET", "/api/v1/me", null));
    HttpResponse<String> csv = send("GET", "/api/v1/me/entries", null, "Accept", "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csvTotal(csv.body())).isEqualByComparingTo(new BigDecimal(me.getString("balance")));
    assertThat(me.getString("balance")).isEqualTo("25.00");

    clock.set(Instant.parse("2026-12-01T08:00:00Z"));
    demo.uncloud().billing().run(YearMonth.of(2026, 11));
    JsonObject open = ok(send("GET", "/api/v1/bills/2026-11", null));
    assertThat(open.getString("status")).isEqualTo("open");
    JsonObject paid = ok(send("POST", "/api/v1/bills/2026-11/pay", null));

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getString("total")).isEqualTo(open.getString("total"));
    assertThat(demo.stripe().succeededChargeCount()).isEqualTo(2);
  }

  /** Adds up the amount column of the statement CSV. */
  private static BigDecimal csvTotal(String csv) {
    List<String> lines = csv.lines().toList();
    int amount = List.of(lines.get(0).split(",")).indexOf("amount");
    assertThat(amount).as(lines.get(0)).isNotNegative();
    return lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[amount])).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** A clock the test moves; the demo and the gateway read it. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the demo's clock stays in UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
