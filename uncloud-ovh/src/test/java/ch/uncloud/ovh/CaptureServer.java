package ch.uncloud.ovh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A loopback HTTP server that records what a client sends and answers from a script. */
final class CaptureServer implements AutoCloseable {
  record Captured(String method, String rawUri, Map<String, String> headers, String body) {
  }

  record Reply(int status, String body, Map<String, String> headers) {
    static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("X-Ovh-QueryID", "EU.ext-3.capture.1"));
    }
  }

  private final HttpServer server;
  private final List<Captured> captured = new CopyOnWriteArrayList<>();

  CaptureServer(Function<Captured, Reply> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/", exchange -> {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Captured c = new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
          headers, body);
      captured.add(c);
      Reply reply = script.apply(c);
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      exchange.close();
    });
    server.start();
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Captured> captured() {
    return List.copyOf(captured);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
