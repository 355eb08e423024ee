package ch.uncloud.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One booking of the lab protocol ({@code POST /charge} or {@code /deposit}) under an idempotency
 * key, as a client sends it to a gateway, and sends again (to any gateway) when it did not learn
 * the outcome.
 *
 * @param key the idempotency key
 * @param deposit a deposit ({@code true}) or a charge
 * @param user the account
 * @param cents the amount in cents, positive
 */
record LabBooking(String key, boolean deposit, String user, long cents) {
  static final String ADMIN = "admin_username=labadmin&admin_password=a+real+admin+secret";
  private static final Pattern CHARGE_ID = Pattern.compile("\"charge_id\":\"([^\"]+)\"");

  /** @return what this booking does to the balance, in cents */
  long signedCents() {
    return deposit ? cents : -cents;
  }

  /** @return the amount as the protocol writes it, e.g. {@code 1.05} */
  String amount() {
    return cents / 100 + "." + String.format("%02d", cents % 100);
  }

  /** @return the request to {@code gateway}, giving up on the answer after {@code timeout} */
  HttpRequest request(String gateway, Duration timeout) {
    String body = ADMIN + "&service_name=3dprint&username=" + user + "&amount=" + amount()
        + "&currency=CHF&payment_comment=" + URLEncoder.encode(deposit ? "cash " + key : "job " + key,
            StandardCharsets.UTF_8)
        + "&idempotency_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(URI.create(gateway + (deposit ? "/deposit" : "/charge")))
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Sends it once and waits for the answer. */
  Answer send(HttpClient http, String gateway, Duration timeout) throws IOException, InterruptedException {
    return Answer.of(http.send(request(gateway, timeout), HttpResponse.BodyHandlers.ofString()));
  }

  /** Sends it once without waiting. */
  CompletableFuture<Answer> sendAsync(HttpClient http, String gateway, Duration timeout) {
    return http.sendAsync(request(gateway, timeout), HttpResponse.BodyHandlers.ofString()).thenApply(Answer::of);
  }

  /**
   * A gateway's answer.
   *
   * @param status the HTTP status
   * @param body the body
   * @param replayed whether it carried {@code Idempotent-Replayed: true}
   */
  record Answer(int status, String body, boolean replayed) {
    static Answer of(HttpResponse<String> response) {
      return new Answer(response.statusCode(), response.body(),
          response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false));
    }

    /** @return the booked entry's id; the answer must be a 200 */
    String chargeId() {
      Matcher m = CHARGE_ID.matcher(body);
      if (status != 200 || !m.find()) {
        throw new IllegalStateException("not a booking: " + status + " " + body);
      }
      return m.group(1);
    }
  }
}
