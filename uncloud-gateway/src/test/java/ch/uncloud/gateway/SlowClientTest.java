package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.chargeForm;
import static ch.uncloud.gateway.GatewayHarness.encode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients on other loopback addresses (127.0.0.2-127.0.0.9) against the gateway, over
 * real sockets. The assertions are outcomes; the latencies are printed for the record (the test's
 * output file), never asserted.
 */
@DisplayName("Slow and idle clients cannot starve the others")
class SlowClientTest {
  private static final int SLOW = 200;
  private static final int IDLE = 200;
  private static final int NORMAL = 50;
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
  // the minimum-rate window: 8 s of grace, then 64 bytes per second; the slow clients send 1 per second
  private static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(12), 1000, 64, 64,
      Duration.ofSeconds(8));

  private static String attacker(int i) {
    return "127.0.0." + (2 + i % 8);
  }

  private static Socket connectFrom(String address, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(address, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  @Test
  @DisplayName("with 200 slow-body and 200 idle connections open, every normal /health and /charge succeeds; the "
      + "slow bodies are cut off with 408 after the minimum-rate window and the idle connections are closed")
  void slowAndIdleClientsDoNotStarveOthers() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ExecutorService readers = Executors.newFixedThreadPool(SLOW + IDLE);
    try (GatewayHarness lab = GatewayHarness.start(s -> s.withConnectionLimits(LIMITS), http)) {
      int port = lab.gateway.port();
      int entriesBefore = lab.entryCount();
      byte[] body = encode(chargeForm("schuldner", "1.00")).getBytes(StandardCharsets.US_ASCII);
      byte[] head = ("POST /charge HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

      List<Future<Outcome>> idle = new ArrayList<>();
      for (int i = 0; i < IDLE; i++) {
        Socket socket = connectFrom(attacker(i), port);
        sockets.add(socket);
        idle.add(readers.submit(() -> Outcome.read(socket)));
      }
      List<Future<Outcome>> slow = new ArrayList<>();
      Map<Socket, Integer> sent = new ConcurrentHashMap<>();
      long slowStarted = System.nanoTime();
      for (int i = 0; i < SLOW; i++) {
        Socket socket = connectFrom(attacker(i), port);
        sockets.add(socket);
        socket.getOutputStream().write(head);
        socket.getOutputStream().write(body, 0, 1);
        sent.put(socket, 1);
        slow.add(readers.submit(() -> Outcome.read(socket)));
      }
      ticker.scheduleAtFixedRate(() -> sent.replaceAll((socket, n) -> dripOne(socket, body, n)), 1, 1,
          TimeUnit.SECONDS);
      awaitAccepted(lab, SLOW + IDLE);

      List<Long> healthMillis = new ArrayList<>();
      List<Long> chargeMillis = new ArrayList<>();
      for (int i = 0; i < NORMAL; i++) {
        HttpResponse<String> health = timed(healthMillis, () -> lab.send(HttpRequest.newBuilder(lab.uri("/health"))
            .timeout(CLIENT_TIMEOUT).GET().build()));
        HttpResponse<String> charge = timed(chargeMillis, () -> lab.send(HttpRequest.newBuilder(lab.uri("/charge"))
            .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(chargeForm("nethzuser", "0.10")))).build()));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(charge.statusCode()).isEqualTo(200);
      }
      long stillOpen = slow.stream().filter(f -> !f.isDone()).count();

      List<Outcome> slowOutcomes = new ArrayList<>();
      for (Future<Outcome> f : slow) {
        slowOutcomes.add(f.get(90, TimeUnit.SECONDS));
      }
      List<Outcome> idleOutcomes = new ArrayList<>();
      for (Future<Outcome> f : idle) {
        idleOutcomes.add(f.get(90, TimeUnit.SECONDS));
      }

      assertThat(slowOutcomes).allSatisfy(o -> {
        assertThat(o.statusLine()).startsWith("HTTP/1.1 408");
        assertThat(o.text()).contains("\"error\":\"request_timeout\"");
        assertThat(o.closed()).isTrue();
      });
      assertThat(idleOutcomes).allSatisfy(o -> {
        assertThat(o.text()).isEmpty();
        assertThat(o.closed()).isTrue();
      });
      assertThat(lab.entryCount()).isEqualTo(entriesBefore + NORMAL);

      System.out.printf("slow-client figures: %d slow-body + %d idle connections from 127.0.0.2-9%n", SLOW, IDLE);
      System.out.printf("  /health ms: %s%n", Figures.of(healthMillis));
      System.out.printf("  /charge ms: %s%n", Figures.of(chargeMillis));
      System.out.printf("  slow bodies still open when the normal requests were done: %d of %d%n", stillOpen, SLOW);
      System.out.printf("  slow bodies cut off after (s, from the first byte): %s%n", Figures.of(
          slowOutcomes.stream().map(o -> (o.endedNanos() - slowStarted) / 1_000_000_000L).toList()));
      System.out.printf("  idle connections closed after (s): %s%n", Figures.of(
          idleOutcomes.stream().map(o -> (o.endedNanos() - o.startedNanos()) / 1_000_000_000L).toList()));
    } finally {
      ticker.shutdownNow();
      for (Socket socket : sockets) {
        socket.close();
      }
      readers.shutdownNow();
    }
  }

  @Test
  @DisplayName("connections beyond the per-address limit are closed at once; other addresses are still served")
  void connectionsPerAddressAreBounded() throws Exception {
    ConnectionLimits limits = new ConnectionLimits(Duration.ofSeconds(30), 1000, 10, 1024, Duration.ofSeconds(5));
    List<Socket> sockets = new ArrayList<>();
    try (GatewayHarness lab = GatewayHarness.start(s -> s.withConnectionLimits(limits),
        HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build())) {
      int port = lab.gateway.port();
      for (int i = 0; i < 15; i++) {
        sockets.add(connectFrom("127.0.0.5", port));
      }
      int served = 0;
      for (Socket socket : sockets) {
        served += healthOn(socket) ? 1 : 0;
      }
      Socket other = connectFrom("127.0.0.6", port);
      sockets.add(other);

      assertThat(served).isEqualTo(10);
      assertThat(healthOn(other)).isTrue();
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  @DisplayName("a closed connection frees its place: three times the per-address limit, one after the other, are all served")
  void closedConnectionsFreeTheirPlace() throws Exception {
    ConnectionLimits limits = new ConnectionLimits(Duration.ofSeconds(30), 1000, 10, 1024, Duration.ofSeconds(5));
    try (GatewayHarness lab = GatewayHarness.start(s -> s.withConnectionLimits(limits),
        HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build())) {
      int served = 0;
      for (int i = 0; i < 30; i++) {
        try (Socket socket = connectFrom("127.0.0.7", lab.gateway.port())) {
          served += healthOn(socket) ? 1 : 0;
        }
        awaitClosed(lab);
      }

      assertThat(served).isEqualTo(30);
    }
  }

  /** Waits until the gateway has seen the client's close, as a client that reconnects later would. */
  private static void awaitClosed(GatewayHarness lab) throws InterruptedException {
    for (int i = 0; i < 500 && lab.gateway.openConnections() > 0; i++) {
      Thread.sleep(10);
    }
  }

  /** @return whether a keep-alive GET /health on the socket was answered 200 (false: the gateway closed it) */
  private static boolean healthOn(Socket socket) {
    try {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return RawResponse.read(socket.getInputStream(), java.net.URI.create("http://127.0.0.1/")).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int dripOne(Socket socket, byte[] body, int sent) {
    if (sent >= body.length || socket.isClosed()) {
      return sent;
    }
    try {
      OutputStream out = socket.getOutputStream();
      out.write(body, sent, 1);
      out.flush();
      return sent + 1;
    } catch (IOException e) {
      return body.length; // the gateway closed it; stop sending
    }
  }

  private static void awaitAccepted(GatewayHarness lab, int connections) throws InterruptedException {
    for (int i = 0; i < 500 && lab.gateway.openConnections() < connections; i++) {
      Thread.sleep(20);
    }
    assertThat(lab.gateway.openConnections()).isGreaterThanOrEqualTo(connections);
  }

  private interface Call {
    HttpResponse<String> run();
  }

  private static HttpResponse<String> timed(List<Long> millis, Call call) {
    long started = System.nanoTime();
    HttpResponse<String> response = call.run();
    millis.add((System.nanoTime() - started) / 1_000_000);
    return response;
  }

  /**
   * What an attacking connection saw: the first line of an answer (if any), the text read until the
   * gateway closed the connection, and when that happened.
   */
  private record Outcome(String statusLine, String text, boolean closed, long startedNanos, long endedNanos) {
    static Outcome read(Socket socket) {
      long started = System.nanoTime();
      StringBuilder text = new StringBuilder();
      boolean closed;
      try {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        closed = true;
      } catch (IOException e) {
        closed = e.getMessage() != null && e.getMessage().contains("reset"); // a close with unread data resets
      }
      String all = text.toString();
      int eol = all.indexOf("\r\n");
      return new Outcome(eol < 0 ? all : all.substring(0, eol), all, closed, started, System.nanoTime());
    }
  }

  /** Minimum, median, 99th percentile and maximum of some figures. */
  private record Figures(long min, long p50, long p99, long max) {
    static Figures of(List<Long> values) {
      List<Long> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      return new Figures(sorted.get(0), sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
          sorted.get(sorted.size() - 1));
    }

    @Override
    public String toString() {
      return "min " + min + ", p50 " + p50 + ", p99 " + p99 + ", max " + max;
    }
  }
}
