package ch.uncloud.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends form POSTs and reads their answers, for the gateway
 * benchmark's load: a request is one write of prepared bytes with {@code TCP_NODELAY}, an answer is
 * read by its {@code Content-Length}. It does the least a client can, so that the benchmark's row
 * measures the gateway and not the client: Jetty's client spent about 700 us of CPU per request
 * here, more than the gateway itself. Not thread-safe: one connection per calling thread.
 */
final class KeepAliveConnection implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

  /**
   * @param target the URI to POST to
   * @throws IOException if it cannot connect
   */
  KeepAliveConnection(URI target) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000);
    socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends one form POST and reads its answer.
   *
   * @param form the url-encoded body, ASCII
   * @return the answer
   * @throws IOException if the connection fails or the answer is not one this client reads
   *     (chunked, or closed before its end)
   */
  Answer post(String form) throws IOException {
    byte[] body = form.getBytes(StandardCharsets.US_ASCII);
    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + length.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(length, 0, request, head.length, length.length);
    System.arraycopy(body, 0, request, head.length + length.length, body.length);
    out.write(request);
    out.flush();
    return readAnswer();
  }

  /**
   * @param status the status code
   * @param body the body, as ISO-8859-1 text
   */
  record Answer(int status, String body) {}

  private Answer readAnswer() throws IOException {
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long contentLength = -1;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        contentLength = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:")) {
        throw new IOException("a chunked answer; this client reads Content-Length only");
      }
    }
    if (contentLength < 0) {
      throw new IOException("an answer without Content-Length");
    }
    byte[] body = in.readNBytes((int) contentLength);
    if (body.length < contentLength) {
      throw new IOException("the gateway closed the connection within an answer");
    }
    return new Answer(code, new String(body, StandardCharsets.ISO_8859_1));
  }

  private String readLine() throws IOException {
    line.reset();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the gateway closed the connection");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
