package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The OpenAPI document at /openapi.json")
class OpenApiDocumentTest {

  @Test
  @DisplayName("is a valid OpenAPI 3.1 document by the OpenAPI parser, with every reference resolved")
  void validatesAsOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setValidateInternalRefs(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiDocument.text(), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths()).containsKeys("/charge", "/api/v1/orders");
  }

  @Test
  @DisplayName("is merged from every part in its folder, each listed in index.txt so a jar finds them")
  void indexListsEveryPart() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/openapi"))) {
      List<String> parts = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();

      assertThat(OpenApiDocument.index()).containsExactlyInAnyOrderElementsOf(parts).startsWith("base.json");
    }
  }

  @Test
  @DisplayName("closes every response object it describes: additionalProperties is false")
  void responseObjectsAreClosed() {
    List<String> open = new ArrayList<>();
    JsonObject schemas = OpenApiContract.DOCUMENT.document().getJsonObject("components").getJsonObject("schemas");
    schemas.forEach((name, schema) -> collectOpen(name, schema, open));

    assertThat(open).isEmpty();
  }

  private static void collectOpen(String where, JsonValue schema, List<String> open) {
    if (!(schema instanceof JsonObject object)) {
      return;
    }
    if (object.containsKey("properties") && !JsonValue.FALSE.equals(object.get("additionalProperties"))) {
      open.add(where);
    }
    object.forEach((key, value) -> {
      if (value instanceof JsonObject child) {
        if (key.equals("properties")) {
          child.forEach((property, s) -> collectOpen(where + "." + property, s, open));
        } else {
          collectOpen(where + "/" + key, child, open);
        }
      } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
        value.asJsonArray().forEach(item -> collectOpen(where + "/" + key, item, open));
      }
    });
  }

  @Test
  @DisplayName("is served at GET /openapi.json as merged, and conforms to itself")
  void isServed() {
    try (GatewayHarness lab = GatewayHarness.start()) {
      HttpResponse<String> response = lab.get("/openapi.json");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.createReader(new StringReader(response.body())).readObject())
          .isEqualTo(OpenApiDocument.load());
    }
  }

  @Test
  @DisplayName("fails an answer with a field it does not describe, and a status an operation does not declare")
  void contractCatchesUndescribedAnswers() {
    OpenApiContract contract = OpenApiContract.DOCUMENT;
    java.net.URI health = java.net.URI.create("http://127.0.0.1/health");

    assertThat(contract.problems(new OpenApiContract.Exchange("GET", health, null, null, 200, "application/json",
        "{\"status\":\"ok\"}", true))).isEmpty();
    assertThat(contract.problems(new OpenApiContract.Exchange("GET", health, null, null, 200, "application/json",
        "{\"status\":\"ok\",\"uptime\":3}", true))).singleElement().asString().contains("uptime");
    assertThat(contract.problems(new OpenApiContract.Exchange("GET", health, null, null, 302, "application/json",
        "{\"status\":\"ok\"}", true))).singleElement().asString().contains("302");
    assertThat(contract.problems(new OpenApiContract.Exchange("GET", java.net.URI.create("http://127.0.0.1/secret"),
        null, null, 200, "application/json", "{}", true))).isNotEmpty();
    assertThat(contract.problems(new OpenApiContract.Exchange("POST", java.net.URI.create("http://127.0.0.1/charge"),
        "application/x-www-form-urlencoded", "amount=1&sneaky=1".getBytes(), 200, "application/json",
        "{\"charge_id\":\"1\",\"username\":\"u\",\"service_name\":\"s\",\"amount\":\"-1.00\",\"currency\":\"CHF\","
            + "\"balance\":\"1.00\",\"locked\":false}", true))).anySatisfy(p -> assertThat(p).contains("sneaky"));
  }
}
