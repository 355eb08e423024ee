package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./uncloud serve --log-format json} logs one JSON object per line, and never a password. */
@DisplayName("uncloud serve --log-format json")
class JsonLogIT {
  @TempDir
  Path work;

  @Test
  @DisplayName("every log line on stderr is a JSON object with timestamp, level, logger and message, without the admin's password")
  void jsonLines() throws Exception {
    LaunchedUncloud running = LaunchedUncloud.start(work, Map.of(), "serve", "--demo", "--data",
        work.resolve("data").toString(), "--port", "0", "--log-format", "json");
    HttpResponse<String> charged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(running.url() + "/charge"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("admin_username=raplab&admin_password=verygeheim&service_name=3dprint"
            + "&username=nethzuser&amount=1.50&currency=CHF&payment_comment=json+log"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(charged.statusCode()).as(charged.body()).isEqualTo(200);
    running.stopCleanly();

    List<String> lines = Files.readAllLines(running.stderr());
    List<JsonObject> logged = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("uncloud: ")) {
        continue; // the command's own messages (stopping, stopped cleanly), not log events
      }
      try (JsonReader reader = Json.createReader(new StringReader(line))) {
        logged.add(reader.readObject());
      }
    }
    assertThat(logged).hasSizeGreaterThanOrEqualTo(3).allSatisfy(event -> {
      assertThat(Instant.parse(event.getString("timestamp"))).isBefore(Instant.now());
      assertThat(event.getString("level")).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(event.getString("logger")).isNotBlank();
      assertThat(event.getString("message")).isNotNull();
    });
    assertThat(logged).anySatisfy(event -> {
      assertThat(event.getString("logger")).isEqualTo("ch.uncloud.cli.access");
      assertThat(event.getString("message")).contains("\"POST /charge\" 200");
    });
    assertThat(String.join("\n", lines)).doesNotContain("verygeheim");
  }
}
