package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.gateway.Gateway;
import ch.uncloud.gateway.GatewaySettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed flow over HTTP against the demo's own wiring: order, list the VM, snapshot, delete, see the
 * bill. Each subclass runs it on one kind of VMs.
 */
abstract class VmDemoFlow {
  private static final String NETHZ = "Basic " + Base64.getEncoder()
      .encodeToString("nethzuser:nethzgeheim".getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path dir;

  /** @return the demo under test, on the data directory and the clock given */
  abstract Backend startDemo(Path dataDir, Clock clock);

  /**
   * Checks the VM's disks after the flow.
   *
   * @param vm the VM as listed
   * @param kept the name of the snapshot that was kept
   */
  abstract void checkDisks(JsonObject vm, String kept) throws Exception;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-10T08:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aUserOrdersAVmSnapshotsItTwiceDeletesOneAndSeesTheGbSecondsOnThePreliminaryBill() throws Exception {
    try (Backend demo = startDemo(dir, clock);
        Gateway gateway = Gateway.start(demo.uncloud(), GatewaySettings.defaults().withPort(0), clock)) {
      String base = gateway.uri().toString();
      assertThat(send(base, "POST", "/api/v1/orders", "{\"product\": \"membership\"}", "m").statusCode()).isEqualTo(201);
      assertThat(send(base, "POST", "/api/v1/orders", "{\"product\": \"ipv6-vm\", \"parameters\": {\"cores\": 1, "
          + "\"ram_gb\": 1, \"os_disk_gb\": 10, \"os\": \"debian-12\"}}", "v").statusCode()).isEqualTo(201);

      JsonObject vm = json(send(base, "GET", "/api/v1/vms", null, null)).getJsonArray("vms").getJsonObject(0);
      String snapshots = "/api/v1/vms/" + vm.getString("vm_id") + "/snapshots";
      HttpResponse<String> first = send(base, "POST", snapshots, "{\"name\": \"first\"}", "s1");
      HttpResponse<String> second = send(base, "POST", snapshots, "{\"name\": \"second\"}", "s2");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
      String deleted = json(second).getString("snapshot_id");
      assertThat(send(base, "DELETE", snapshots + "/" + deleted, null, null).statusCode()).isEqualTo(200);
      assertThat(json(send(base, "GET", snapshots, null, null)).getJsonArray("snapshots")).hasSize(1);
      checkDisks(vm, "first");

      clock.advance(Duration.ofHours(2));
      String month = YearMonth.from(clock.instant().atZone(ZoneId.of("Europe/Zurich"))).toString();
      JsonObject bill = json(send(base, "GET", "/api/v1/bills/" + month, null, null));
      assertThat(bill.getString("status")).isEqualTo("preliminary");
      List<JsonObject> usage = bill.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
          .filter(l -> l.getString("kind").equals("usage")).toList();
      assertThat(usage).singleElement().satisfies(line -> assertThat(line.getString("description"))
          .contains(json(first).getString("snapshot_id")).contains("7200 s"));
    }
  }

  private HttpResponse<String> send(String base, String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", NETHZ)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration step) {
      now = now.plus(step);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
