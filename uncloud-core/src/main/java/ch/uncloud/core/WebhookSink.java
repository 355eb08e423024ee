package ch.uncloud.core;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventSink;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.events.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A webhook subscription: POSTs each event's JSON ({@link Event#toJson()}) to a URL, signed with the
 * subscription's secret ({@link WebhookSignature}, header {@value WebhookSignature#HEADER}), with the
 * headers {@code Uncloud-Event-Id} and {@code Uncloud-Event-Type}. Only a 2xx answer counts as
 * delivered; any other status, a refused connection or a timeout is retried by the dispatcher.
 * Redirects are not followed. Thread-safe.
 */
public final class WebhookSink implements EventSink {
  private final String name;
  private final URI url;
  private final Set<EventType> types;
  private final Secret secret;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  /**
   * @param name the subscription's name (its delivery state's key)
   * @param url where to POST, {@code http} or {@code https}
   * @param types the event types it wants
   * @param secret the signing secret, not empty
   * @param timeout how long to wait for the connection and for the answer
   * @param clock the clock for the signature's time
   * @throws ConfigurationException if the URL is not http(s), the secret is empty or there are no types
   */
  public WebhookSink(String name, URI url, Set<EventType> types, Secret secret, Duration timeout, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.url = Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new ConfigurationException("webhook " + name + ": the URL must be http://HOST/... or https://HOST/...");
    }
    if (types.isEmpty()) {
      throw new ConfigurationException("webhook " + name + " subscribes to no event type");
    }
    this.types = Set.copyOf(EnumSet.copyOf(types));
    this.secret = Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new ConfigurationException("webhook " + name + " has an empty secret; give a long random one");
    }
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean accepts(EventType type) {
    return types.contains(type);
  }

  /** @return the URL it posts to */
  public URI url() {
    return url;
  }

  @Override
  public DeliveryResult deliver(Event event) {
    byte[] body = event.toJson().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "uncloud-webhooks")
        .header("Uncloud-Event-Id", event.id().value())
        .header("Uncloud-Event-Type", event.type().code())
        .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant(), body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status >= 200 && status < 300 ? DeliveryResult.delivered() : DeliveryResult.retry("HTTP " + status);
    } catch (HttpTimeoutException e) {
      return DeliveryResult.retry("no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return DeliveryResult.retry("cannot reach the receiver: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryResult.retry("interrupted while sending (the dispatcher is stopping)");
    }
  }

  /** @return the name and URL, never the secret */
  @Override
  public String toString() {
    return "WebhookSink[" + name + " -> " + origin() + "]";
  }

  /** The URL without user info, path or query, any of which may carry a receiver's token. */
  private String origin() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/...";
  }
}
