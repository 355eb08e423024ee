package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a recorded REST session of every route (good and bad requests, {@code rest-session.txt})
 * against a fresh {@code ./uncloud serve --demo} and compares statuses, the headers a client acts on
 * and bodies with {@code rest-session.expected}, ids and times masked. What an operator or a REST
 * client sees must not change unless the expected transcript changes with it, on purpose.
 *
 * <p>Record anew with {@code -Duncloud.rest.record=true} (writes the expected transcript into the
 * test resources); a failed comparison leaves the actual transcript in {@code target/}.
 */
@DisplayName("the REST session recorded against the demo replays unchanged")
class RestReplayIT {
  private static final String SESSION = "rest-session.txt";
  private static final String EXPECTED = "rest-session.expected";
  private static final ZoneId DEMO_ZONE = ZoneId.of("Europe/Zurich");
  private static final Set<String> SHOWN_HEADERS = Set.of("allow", "content-type", "idempotent-replayed",
      "retry-after", "www-authenticate");
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([a-z0-9_]+)}}");
  private static final List<Mask> MASKS = List.of(
      new Mask(Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z"), "<time>"),
      new Mask(Pattern.compile("\\b[0-9a-z]{1,13}-0[0-9a-z]{11}\\b"), "<entry>"),
      new Mask(Pattern.compile("(try again in |retry-after: )\\d+"), "$1<seconds>"),
      new Mask(Pattern.compile("\\bord_[0-9a-f]{32}\\b"), "<order>"));

  @TempDir
  Path work;

  @Test
  @DisplayName("every status, header and body equals the recorded one")
  void replay() throws Exception {
    LaunchedUncloud demo = LaunchedUncloud.start(work, Map.of(), "serve", "--demo", "--port", "0", "--data",
        work.resolve("data").toString());
    String transcript;
    try {
      transcript = run(demo.url(), parse(resource(SESSION)));
    } finally {
      demo.stopCleanly();
    }
    Path module = Path.of(System.getProperty("user.dir"));
    if (Boolean.getBoolean("uncloud.rest.record")) {
      Files.writeString(module.resolve("src/test/resources/ch/uncloud/cli/" + EXPECTED), transcript);
      return;
    }
    Path actual = module.resolve("target/" + EXPECTED + ".actual");
    Files.writeString(actual, transcript);
    assertThat(transcript).as("the replayed transcript (written to %s)", actual).isEqualTo(resource(EXPECTED));
  }

  private String run(String base, List<Exchange> session) throws Exception {
    Map<String, String> variables = new HashMap<>();
    LocalDate today = LocalDate.now(DEMO_ZONE);
    variables.put("quarter", today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1));
    variables.put("next_month", YearMonth.from(today).plusMonths(1).toString());
    StringBuilder out = new StringBuilder();
    for (Exchange exchange : session) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + substitute(exchange.target(), variables)))
          .timeout(Duration.ofSeconds(30));
      exchange.headers().forEach(request::header);
      if (exchange.user() != null) {
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            exchange.user().getBytes(StandardCharsets.UTF_8)));
      }
      String body = substitute(exchange.body(), variables);
      request.method(exchange.method(), body.isEmpty() && !exchange.method().equals("POST")
          ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      // a new connection for each request, so that no request depends on how the last one ended, closed
      // after it: idle keep-alive connections would pile up against the gateway's per-address limit (64)
      request.header("Connection", "close");
      HttpResponse<String> response;
      try {
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build()
            .send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new AssertionError("request '" + exchange.title() + "' failed: " + e, e);
      }
      exchange.captures().forEach((variable, field) -> variables.put(variable, field(response.body(), field)));
      out.append("### ").append(exchange.title()).append('\n').append(response.statusCode()).append('\n');
      response.headers().map().entrySet().stream()
          .filter(h -> SHOWN_HEADERS.contains(h.getKey().toLowerCase()))
          .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
          .forEach(h -> out.append(mask(h.getKey().toLowerCase() + ": " + String.join(", ", h.getValue())))
              .append('\n'));
      out.append(mask(response.body().strip())).append("\n\n");
    }
    return out.toString();
  }

  private static String field(String body, String name) {
    JsonObject object = Json.createReader(new StringReader(body)).readObject();
    JsonValue value = object.get(name);
    assertThat(value).as("field %s of %s", name, body).isNotNull();
    return object.getString(name);
  }

  private static String substitute(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      assertThat(value).as("variable {{%s}}", m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static String mask(String text) {
    for (Mask mask : MASKS) {
      text = mask.pattern().matcher(text).replaceAll(mask.replacement());
    }
    return text;
  }

  private static List<Exchange> parse(String session) {
    List<Exchange> exchanges = new ArrayList<>();
    String[] blocks = ("\n" + session).split("\n### ");
    for (int b = 1; b < blocks.length; b++) {
      List<String> lines = new ArrayList<>(List.of(blocks[b].split("\n", -1)));
      String title = lines.remove(0).strip();
      String user = null;
      Map<String, String> captures = new HashMap<>();
      while (lines.get(0).startsWith("@")) {
        String[] directive = lines.remove(0).split(" ", 2);
        if (directive[0].equals("@user")) {
          user = directive[1].strip();
        } else if (directive[0].equals("@capture")) {
          String[] pair = directive[1].strip().split("=", 2);
          captures.put(pair[0], pair[1]);
        } else {
          throw new IllegalArgumentException("unknown directive " + directive[0] + " in " + title);
        }
      }
      String[] requestLine = lines.remove(0).split(" ", 2);
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      while (!lines.isEmpty() && !lines.get(0).isEmpty()) {
        String[] header = lines.remove(0).split(":", 2);
        headers.put(header[0].strip(), header[1].strip());
      }
      String body = lines.size() > 1 ? lines.get(1) : "";
      exchanges.add(new Exchange(title, user, captures, requestLine[0], requestLine[1], headers, body));
    }
    return exchanges;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RestReplayIT.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private record Exchange(String title, String user, Map<String, String> captures, String method, String target,
      Map<String, String> headers, String body) {}

  private record Mask(Pattern pattern, String replacement) {}
}
