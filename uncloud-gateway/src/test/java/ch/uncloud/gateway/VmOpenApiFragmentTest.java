package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.Vm;
import ch.uncloud.api.snapshots.VmDisk;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("openapi/vms.json describes exactly the fields the VM routes write, and is listed in openapi/index.txt")
class VmOpenApiFragmentTest {
  private static final UUID VM = UUID.fromString("3f2a09c4-5b1e-4c8e-9d62-0a7b1c2d3e4f");

  private static JsonObject fragment() throws Exception {
    try (InputStream in = VmOpenApiFragmentTest.class.getResourceAsStream("/openapi/vms.json")) {
      return Json.createReader(in).readObject();
    }
  }

  private static JsonObject schema(String name) throws Exception {
    return fragment().getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private static void assertDescribes(String schemaName, JsonObject written) throws Exception {
    JsonObject schema = schema(schemaName);
    assertThat(schema.getBoolean("additionalProperties")).isFalse();
    assertThat(schema.getJsonObject("properties").keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
    assertThat(written.keySet()).containsAll(schema.getJsonArray("required").getValuesAs(JsonValue::toString).stream()
        .map(s -> s.replace("\"", "")).toList());
  }

  @Test
  void theVmSchemaMatchesWhatIsWritten() throws Exception {
    JsonObject vm = VmJson.vm(new Vm(VM, Username.of("nethzuser"), "ord_1", "ipv6-vm", List.of(VmDisk.of("rbd", "img"))));
    assertDescribes("Vm", vm);
    assertDescribes("VmDisk", vm.getJsonArray("disks").getJsonObject(0));
  }

  @Test
  void theSnapshotSchemasMatchWhatIsWritten() throws Exception {
    SnapshotRecord record = new SnapshotRecord("s1", Username.of("nethzuser"), VM, "nightly",
        List.of(new SnapshotDisk("ceph", "rbd", "img", 1024)), Instant.parse("2026-11-01T00:00:00Z"), false);
    JsonObject snapshot = VmJson.snapshot(record);
    assertDescribes("Snapshot", snapshot);
    assertDescribes("SnapshotDisk", snapshot.getJsonArray("disks").getJsonObject(0));
    assertDescribes("DeletedSnapshot", VmJson.deleted(record));
  }

  @Test
  void everyReferenceResolvesInTheFragmentExceptTheSharedError() throws Exception {
    String text;
    try (InputStream in = VmOpenApiFragmentTest.class.getResourceAsStream("/openapi/vms.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonObject schemas = fragment().getJsonObject("components").getJsonObject("schemas");
    Matcher refs = Pattern.compile("\"#/components/schemas/([A-Za-z]+)\"").matcher(text);
    while (refs.find()) {
      if (!refs.group(1).equals("Error")) {
        assertThat(schemas).containsKey(refs.group(1));
      }
    }
  }

  @Test
  void theFragmentIsListedInTheIndex() throws Exception {
    try (InputStream in = VmOpenApiFragmentTest.class.getResourceAsStream("/openapi/index.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()).contains("vms.json");
    }
  }
}
