package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.testkit.TestClock;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A person's VMs and their snapshots under /api/v1/vms, over HTTP on the demo wiring (simulated VMs)")
class VmGatewayTest {
  private static final String NETHZ = basic("nethzuser", "nethzgeheim");
  private static final String ERST = basic("erstsemester", "erstgeheim");
  private static final String VM_JSON = "{\"product\": \"ipv6-vm\", \"parameters\": {\"cores\": 2, \"ram_gb\": 4, "
      + "\"os_disk_gb\": 20, \"os\": \"debian-12\"}, \"payment\": \"invoice\"}";

  private final TestClock clock = TestClock.at("2026-11-10T08:00:00Z");
  GatewayHarness lab;
  String vmId;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start(clock);
    vmId = orderVm(NETHZ);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private String orderVm(String auth) {
    assertThat(lab.post("/api/v1/orders", form("product", "membership"), "Authorization", auth).statusCode()).isEqualTo(201);
    HttpResponse<String> vm = lab.post("/api/v1/orders", VM_JSON.getBytes(StandardCharsets.UTF_8), "application/json",
        "Authorization", auth);
    assertThat(vm.statusCode()).as(vm.body()).isEqualTo(201);
    return json(lab.get("/api/v1/vms", "Authorization", auth)).getJsonArray("vms").getJsonObject(0).getString("vm_id");
  }

  private HttpResponse<String> snapshot(String auth, String vm, String name, String key) {
    return lab.post("/api/v1/vms/" + vm + "/snapshots", ("{\"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8),
        "application/json", "Authorization", auth, "Idempotency-Key", key);
  }

  private HttpResponse<String> send(String method, String path, String auth) {
    return lab.send(HttpRequest.newBuilder(lab.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Authorization", auth).build());
  }

  private List<JsonObject> snapshots(String auth, String vm) {
    return json(lab.get("/api/v1/vms/" + vm + "/snapshots", "Authorization", auth)).getJsonArray("snapshots")
        .getValuesAs(JsonObject.class);
  }

  private List<String> namesOnBackend() {
    return lab.backend.uncloud().snapshots().list(Username.of("nethzuser"), Optional.empty()).stream()
        .map(s -> s.name()).toList();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).getString("error")).isEqualTo(code);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("GET /api/v1/vms lists the ordered VM with its UUID, order, product and disk; GET /vms/UUID shows it")
  void listsTheOrderedVm() {
    JsonObject listed = json(lab.get("/api/v1/vms", "Authorization", NETHZ)).getJsonArray("vms").getJsonObject(0);

    assertThat(UUID.fromString(listed.getString("vm_id")).toString()).isEqualTo(vmId);
    assertThat(listed.getString("product")).isEqualTo("ipv6-vm");
    assertThat(listed.getString("order_id")).startsWith("ord_");
    assertThat(listed.getBoolean("provisioned")).isTrue();
    assertThat(listed.getJsonArray("disks")).hasSize(1);
    assertThat(json(lab.get("/api/v1/vms/" + vmId, "Authorization", NETHZ))).isEqualTo(listed);
  }

  @Test
  @DisplayName("two snapshots are taken (201), listed, one deleted, and the other's GB-seconds so far are on the preliminary bill")
  void snapshotsTwiceDeletesOneAndBillsTheOther() {
    HttpResponse<String> first = snapshot(NETHZ, vmId, "before-upgrade", "s1");
    HttpResponse<String> second = snapshot(NETHZ, vmId, "after-upgrade", "s2");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    JsonObject kept = json(first);
    assertThat(kept.getString("vm_id")).isEqualTo(vmId);
    assertThat(kept.getJsonNumber("size_bytes").longValue()).isEqualTo(20L * 1024 * 1024 * 1024);
    assertThat(snapshots(NETHZ, vmId)).extracting(s -> s.getString("name")).containsExactly("before-upgrade", "after-upgrade");

    String deletedId = json(second).getString("snapshot_id");
    HttpResponse<String> deleted = send("DELETE", "/api/v1/vms/" + vmId + "/snapshots/" + deletedId, NETHZ);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(json(deleted).getBoolean("deleted")).isTrue();
    assertThat(snapshots(NETHZ, vmId)).extracting(s -> s.getString("name")).containsExactly("before-upgrade");

    clock.advance(Duration.ofHours(1));
    String month = YearMonth.from(clock.instant().atZone(ZoneId.of("Europe/Zurich"))).toString();
    JsonObject bill = json(lab.get("/api/v1/bills/" + month, "Authorization", NETHZ));
    assertThat(bill.getString("status")).isEqualTo("preliminary");
    assertThat(bill.getJsonArray("lines").getValuesAs(JsonObject.class))
        .filteredOn(line -> line.getString("kind").equals("usage"))
        .singleElement()
        .satisfies(line -> {
          assertThat(line.getString("description")).contains(kept.getString("snapshot_id")).contains("3600 s");
          assertThat(line.getString("amount")).isNotEqualTo("0.00");
        });
  }

  @Test
  @DisplayName("a retried POST with the same Idempotency-Key returns the first snapshot (200, Idempotent-Replayed); another name with it is 409")
  void idempotentCreate() {
    HttpResponse<String> first = snapshot(NETHZ, vmId, "nightly", "key-1");
    HttpResponse<String> retry = snapshot(NETHZ, vmId, "nightly", "key-1");

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(json(retry).getString("snapshot_id")).isEqualTo(json(first).getString("snapshot_id"));
    assertError(snapshot(NETHZ, vmId, "weekly", "key-1"), 409, "idempotency_conflict");
    assertThat(namesOnBackend()).containsExactly("nightly");
  }

  @Test
  @DisplayName("protect and unprotect answer the snapshot with its protection; a protected one is still deleted on request")
  void protectsAndUnprotects() {
    String id = json(snapshot(NETHZ, vmId, "keep", "k")).getString("snapshot_id");

    HttpResponse<String> protectedOne = lab.post("/api/v1/vms/" + vmId + "/snapshots/" + id + "/protect", new byte[0],
        null, "Authorization", NETHZ);
    assertThat(protectedOne.statusCode()).as(protectedOne.body()).isEqualTo(200);
    assertThat(json(protectedOne).getBoolean("protected")).isTrue();
    HttpResponse<String> unprotected = lab.post("/api/v1/vms/" + vmId + "/snapshots/" + id + "/unprotect", new byte[0],
        null, "Authorization", NETHZ);
    assertThat(json(unprotected).getBoolean("protected")).isFalse();
    assertThat(json(lab.get("/api/v1/vms/" + vmId + "/snapshots/" + id, "Authorization", NETHZ)).getBoolean("protected"))
        .isFalse();
  }

  @Nested
  @DisplayName("another person's VM or snapshot answers 404 like a missing one, and nothing changes")
  class Isolation {
    String snapshotId;

    @BeforeEach
    void nethzHasASnapshot() {
      snapshotId = json(snapshot(NETHZ, vmId, "mine", "m")).getString("snapshot_id");
    }

    @Test
    void anotherPersonsVmIsNotListedAndIs404LikeAMissingOne() {
      assertThat(json(lab.get("/api/v1/vms", "Authorization", ERST)).getJsonArray("vms")).isEmpty();
      HttpResponse<String> theirs = lab.get("/api/v1/vms/" + vmId, "Authorization", ERST);
      HttpResponse<String> missing = lab.get("/api/v1/vms/" + UUID.randomUUID(), "Authorization", ERST);
      assertError(theirs, 404, "unknown_vm");
      assertError(missing, 404, "unknown_vm");
      assertThat(json(theirs).getString("message")).isEqualTo(json(missing).getString("message")
          .replaceAll("[0-9a-f-]{36}", vmId));
      assertError(lab.get("/api/v1/vms/" + vmId + "/snapshots", "Authorization", ERST), 404, "unknown_vm");
    }

    @Test
    void anotherPersonsVmCannotBeSnapshotted() {
      assertError(snapshot(ERST, vmId, "theirs", "e"), 404, "unknown_vm");
      assertThat(namesOnBackend()).containsExactly("mine");
    }

    @Test
    void anotherPersonsSnapshotCannotBeReadProtectedOrDeleted() {
      String path = "/api/v1/vms/" + vmId + "/snapshots/" + snapshotId;
      assertError(lab.get(path, "Authorization", ERST), 404, "unknown_snapshot");
      assertError(lab.post(path + "/protect", new byte[0], null, "Authorization", ERST), 404, "unknown_snapshot");
      assertError(send("DELETE", path, ERST), 404, "unknown_snapshot");
      assertThat(namesOnBackend()).containsExactly("mine");
    }

    @Test
    void aSnapshotAddressedUnderAnotherVmIsMissing() {
      String otherVm = orderVm(ERST);
      assertError(send("DELETE", "/api/v1/vms/" + otherVm + "/snapshots/" + snapshotId, NETHZ), 404, "unknown_snapshot");
      assertThat(namesOnBackend()).containsExactly("mine");
    }
  }

  @Nested
  @DisplayName("malformed input is a specific 4xx with no trace, and takes no snapshot")
  class Malformed {
    @AfterEach
    void nothingWasTaken() {
      assertThat(namesOnBackend()).isEmpty();
    }

    private HttpResponse<String> create(String body, String contentType) {
      return lab.post("/api/v1/vms/" + vmId + "/snapshots", body.getBytes(StandardCharsets.UTF_8), contentType,
          "Authorization", NETHZ);
    }

    @Test
    void aVmIdThatIsNoUuidIs400() {
      assertError(lab.get("/api/v1/vms/not-a-uuid", "Authorization", NETHZ), 400, "invalid_argument");
      assertError(lab.get("/api/v1/vms/" + vmId.toUpperCase(java.util.Locale.ROOT), "Authorization", NETHZ), 400,
          "invalid_argument");
      assertError(snapshot(NETHZ, "1-1-1-1-1", "x", "k"), 400, "invalid_argument");
    }

    @Test
    void aMissingNameIs400() {
      assertError(create("{}", "application/json"), 400, "missing_field");
      assertError(create("", "application/x-www-form-urlencoded"), 400, "missing_field");
    }

    @Test
    void aNameAgainstTheRulesIs400() {
      assertError(create("{\"name\": \"has space\"}", "application/json"), 400, "invalid_argument");
      assertError(create("{\"name\": \"" + "x".repeat(300) + "\"}", "application/json"), 400, "invalid_argument");
      assertError(create("name=a%40b", "application/x-www-form-urlencoded"), 400, "invalid_argument");
    }

    @Test
    void anUnknownFieldOrNonStringNameIs400() {
      assertError(create("{\"name\": \"a\", \"size\": 1}", "application/json"), 400, "unknown_field");
      assertError(create("{\"name\": true}", "application/json"), 400, "invalid_argument");
    }

    @Test
    void malformedOrDuplicateJsonIs400() {
      assertError(create("{\"name\": ", "application/json"), 400, "malformed_json");
      assertError(create("{\"name\": \"a\", \"name\": \"b\"}", "application/json"), 400, "duplicate_field");
      assertError(create("[\"a\"]", "application/json"), 400, "malformed_json");
    }

    @Test
    void anotherMediaTypeIs415() {
      assertError(create("name=a", "text/plain"), 415, "unsupported_media_type");
    }

    @Test
    void aQueryOnAReadIs400() {
      assertError(lab.get("/api/v1/vms?all=1", "Authorization", NETHZ), 400, "unknown_field");
      assertError(lab.post("/api/v1/vms/" + vmId + "/snapshots?name=a", new byte[0], null, "Authorization", NETHZ), 400,
          "unexpected_query");
    }

    @Test
    void aWrongMethodIs405AndAnUnknownPathIs404() {
      assertError(send("PUT", "/api/v1/vms", NETHZ), 405, "method_not_allowed");
      assertError(send("DELETE", "/api/v1/vms/" + vmId, NETHZ), 405, "method_not_allowed");
      assertError(lab.get("/api/v1/vms/" + vmId + "/disks", "Authorization", NETHZ), 404, "no_such_endpoint");
      assertError(send("GET", "/api/v1/vms/" + vmId + "/snapshots/x/protect", NETHZ), 405, "method_not_allowed");
      assertError(lab.post("/api/v1/vms/" + vmId + "/snapshots/x/clone", new byte[0], null, "Authorization", NETHZ), 404,
          "no_such_endpoint");
    }

    @Test
    void withoutCredentialsIs401() {
      HttpResponse<String> anonymous = lab.send(HttpRequest.newBuilder(URI.create(lab.uri("/api/v1/vms").toString()))
          .GET().build());
      assertError(anonymous, 401, "authentication_required");
      assertError(lab.post("/api/v1/vms/" + vmId + "/snapshots", "{\"name\": \"a\"}".getBytes(StandardCharsets.UTF_8),
          "application/json"), 401, "authentication_required");
    }

    @Test
    void anUnknownSnapshotIs404() {
      assertError(send("DELETE", "/api/v1/vms/" + vmId + "/snapshots/" + UUID.randomUUID(), NETHZ), 404,
          "unknown_snapshot");
    }
  }
}
