package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import ch.uncloud.testkit.TestClock;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.SetupIntentConfirmParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One person's session against the demo's wiring, as {@code serve --demo} runs it ({@link Demo#start}
 * and a {@link Gateway} on a free port), on a clock the test moves: requests go out with the person's
 * HTTP Basic login, and a card is confirmed at the in-process Stripe test server as Stripe.js would.
 */
final class DemoSession implements AutoCloseable {
  private final Backend demo;
  private final Gateway gateway;
  private final TestClock clock;
  private final String login;
  private final HttpClient http = HttpClient.newHttpClient();

  private DemoSession(Backend demo, Gateway gateway, TestClock clock, String login) {
    this.demo = demo;
    this.gateway = gateway;
    this.clock = clock;
    this.login = login;
  }

  /**
   * @param demo the running demo (closed with the session)
   * @param clock the clock the demo reads; the gateway reads it too
   * @param user a demo user, logged in with the published password
   * @return the session, its gateway started
   */
  static DemoSession start(Backend demo, TestClock clock, String user) {
    Gateway gateway;
    try {
      gateway = Gateway.start(demo.uncloud(), GatewaySettings.defaults().withPort(0), clock);
      demo.sendStripeWebhooksTo(gateway.uri());
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
    String credentials = user + ":" + Demo.USERS.get(user);
    return new DemoSession(demo, gateway, clock,
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  Backend demo() {
    return demo;
  }

  TestClock clock() {
    return clock;
  }

  /**
   * Sends a request as the person, a form body if one is given.
   *
   * @param method the HTTP method
   * @param path the path, from {@code /}
   * @param form the form body ({@code a=1&b=2}), or {@code null} for none
   * @param headers further header names and values
   * @return the response
   */
  HttpResponse<String> send(String method, String path, String form, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.uri() + path))
        .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
        .header("Authorization", login);
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param response a response that must be a success (200 or 201)
   * @return its JSON body
   */
  static JsonObject ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** Confirms a card registration with Stripe's test card {@code pm_card_visa}, as Stripe.js does in the browser. */
  void confirmLikeStripeJs(String setupId) throws StripeException {
    StripeClient.builder().setApiKey(Demo.STRIPE_KEY).setApiBase(demo.stripe().baseUrl()).build().v1().setupIntents()
        .confirm(setupId, SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      demo.close();
    }
  }
}
