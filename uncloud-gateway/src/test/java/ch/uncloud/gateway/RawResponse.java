package ch.uncloud.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/** An HTTP/1.1 answer read off a socket (status line, headers, a Content-Length body), as an {@link HttpResponse}. */
record RawResponse(int statusCode, HttpHeaders headers, String body, URI uri) implements HttpResponse<String> {

  /**
   * Reads one answer: a {@code 100 Continue} (no body), or a final answer whose body is its
   * Content-Length bytes, or everything up to the end of the stream.
   */
  static RawResponse read(InputStream in, URI uri) throws IOException {
    String statusLine = line(in);
    if (!statusLine.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 answer: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String field = line(in); !field.isEmpty(); field = line(in)) {
      int colon = field.indexOf(':');
      fields.computeIfAbsent(field.substring(0, colon).trim(), k -> new ArrayList<>())
          .add(field.substring(colon + 1).trim());
    }
    byte[] body;
    if (status == 100) {
      body = new byte[0];
    } else if (fields.containsKey("Content-Length")) {
      body = in.readNBytes(Integer.parseInt(fields.get("Content-Length").get(0)));
    } else {
      body = in.readAllBytes();
    }
    return new RawResponse(status, HttpHeaders.of(fields, (name, value) -> true),
        new String(body, StandardCharsets.UTF_8), uri);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed in the middle of an answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public HttpRequest request() {
    return HttpRequest.newBuilder(uri).build();
  }

  @Override
  public Optional<HttpResponse<String>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return Optional.empty();
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }
}
