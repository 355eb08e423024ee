package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.events.WebhookSignature;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks against a real HTTP receiver on loopback that verifies every signature. */
class WebhookDeliveryTest {
  private static final Secret SECRET = Secret.of("whsec_0123456789abcdef");
  private final List<String> rejected = new ArrayList<>();
  /** Event id to how often the receiver accepted it (answered 2xx or kept it before timing out). */
  private final Map<String, Integer> received = new LinkedHashMap<>();
  private final List<Event> receivedInOrder = new ArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * A receiver that verifies, then answers by request number: every third a 500, every seventh too slow
   * (it keeps the event but answers after the sender gave up), the rest 204.
   */
  private URI receiver(boolean faulty) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String header = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
      int n = requests.incrementAndGet();
      try {
        WebhookSignature.verify(header, body, SECRET, Duration.ofMinutes(5), Instant.now());
      } catch (RuntimeException e) {
        synchronized (this) {
          rejected.add(e.getMessage());
        }
        exchange.sendResponseHeaders(400, -1);
        exchange.close();
        return;
      }
      Event event = Event.fromJson(new String(body, StandardCharsets.UTF_8));
      assertThat(exchange.getRequestHeaders().getFirst("Uncloud-Event-Id")).isEqualTo(event.id().value());
      if (faulty && n % 3 == 0) {
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
        return;
      }
      synchronized (this) {
        received.merge(event.id().value(), 1, Integer::sum);
        receivedInOrder.add(event);
      }
      if (faulty && n % 7 == 0) {
        try {
          Thread.sleep(700); // longer than the sender's timeout: it retries an event the receiver has
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Test
  void aReceiverThatFailsTimesOutOrAnswers500GetsEveryEventExactlyOnceAfterDedupInOrderPerAccount() throws Exception {
    URI url = receiver(true);
    WebhookSink hook = new WebhookSink("print-server", url, EnumSet.allOf(EventType.class), SECRET,
        Duration.ofMillis(300), Clock.systemUTC());
    try (LabFixture lab = new LabFixture(b -> b.eventSink(hook).events(EventSettings.defaults()
        .withThresholds(List.of(new java.math.BigDecimal("5.00"))).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .withPollInterval(Duration.ofMillis(20))))) {
      for (String user : List.of("nethzuser", "physiker", "erstsemester")) {
        lab.deposit(user, "20.00");
        for (int i = 0; i < 12; i++) {
          lab.credit.chargeUser(lab.raplab(), lab.print(user, "2.00"));
        }
        lab.deposit(user, "10.00");
      }
      List<Event> committed = lab.ledger.inMemoryOutbox().events(0, 10_000);
      assertThat(committed).hasSizeGreaterThan(3 * 14);

      try (EventDispatcher dispatcher = ((UncloudCore) lab.uncloud).eventDispatcher().orElseThrow().start()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received().size() < committed.size() && System.nanoTime() < deadline) {
          Thread.sleep(20);
          lab.clock.advance(Duration.ofMillis(100)); // the lab's clock is a test clock: retries come due as it moves
        }
      }
      assertThat(rejected).isEmpty();
      assertThat(received().keySet()).containsExactlyInAnyOrderElementsOf(committed.stream().map(e -> e.id().value()).toList());
      assertThat(received().values()).as("some were received twice (their answer came too late)").anyMatch(n -> n > 1);
      assertThat(lab.uncloud.events().parked()).isEmpty();
      for (String user : List.of("nethzuser", "physiker", "erstsemester")) {
        List<String> firstArrivals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        synchronized (this) {
          receivedInOrder.stream().filter(e -> e.account().value().equals(user) && seen.add(e.id().value()))
              .forEach(e -> firstArrivals.add(e.id().value()));
        }
        assertThat(firstArrivals).as("%s's events in commit order", user).containsExactlyElementsOf(
            committed.stream().filter(e -> e.account().value().equals(user)).map(e -> e.id().value()).toList());
      }
    }
  }

  @Test
  void aDeliveryIsSignedAndCarriesTheEventsJsonExactly() throws Exception {
    URI url = receiver(false);
    WebhookSink hook = new WebhookSink("hook", url, Set.of(EventType.ENTRY_BOOKED), SECRET, Duration.ofSeconds(5),
        Clock.systemUTC());
    try (LabFixture lab = new LabFixture(b -> b.eventSink(hook))) {
      lab.deposit("nethzuser", "20.00");
      EventDispatcher dispatcher = ((UncloudCore) lab.uncloud).eventDispatcher().orElseThrow();
      assertThat(dispatcher.runOnce()).isEqualTo(1);
      assertThat(receivedInOrder).singleElement()
          .isEqualTo(lab.ledger.inMemoryOutbox().events(0, 1).get(0));
      assertThat(rejected).isEmpty();
    }
  }

  @Test
  void aWebhookWithAnUnusableUrlOrSecretIsRefusedWithoutShowingTheSecret() {
    assertThatThrownBy(() -> new WebhookSink("h", URI.create("ftp://x/"), Set.of(EventType.ENTRY_BOOKED), SECRET,
        Duration.ofSeconds(1), Clock.systemUTC())).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new WebhookSink("h", URI.create("http://x/"), Set.of(EventType.ENTRY_BOOKED),
        Secret.of(""), Duration.ofSeconds(1), Clock.systemUTC())).isInstanceOf(ConfigurationException.class);
    assertThat(new WebhookSink("h", URI.create("http://x/"), Set.of(EventType.ENTRY_BOOKED), SECRET,
        Duration.ofSeconds(1), Clock.systemUTC()).toString()).doesNotContain(SECRET.reveal());
  }

  @Test
  void aWebhookShowsOnlyItsReceiversOriginBecauseItsPathOrQueryMayCarryAToken() {
    URI url = URI.create("https://ops:pw@hooks.example:8443/in/t0ken?key=s3cret");
    WebhookSink hook = new WebhookSink("print-server", url,
        Set.of(EventType.ENTRY_BOOKED), SECRET, Duration.ofSeconds(1), Clock.systemUTC());

    assertThat(hook.toString()).isEqualTo("WebhookSink[print-server -> https://hooks.example:8443/...]")
        .doesNotContain("t0ken", "s3cret", "pw");
  }

  private synchronized Map<String, Integer> received() {
    return new LinkedHashMap<>(received);
  }
}
