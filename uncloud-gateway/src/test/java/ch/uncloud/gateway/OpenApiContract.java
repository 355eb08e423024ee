package ch.uncloud.gateway;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every exchange of the gateway's tests to the OpenAPI document the gateway serves: the route
 * and method must be described (an undescribed one may only answer a described error), the status
 * must be one the operation declares, and the body must match the schema of its media type (response
 * objects allow no other field). A request that was answered with success must itself conform:
 * declared query parameters only, the required ones present, a body of a declared media type that
 * matches its schema. Schemas are checked by the networknt validator in the OpenAPI 3.1 dialect.
 */
final class OpenApiContract {
  /** One contract for every test: the document does not change while the tests run. */
  static final OpenApiContract DOCUMENT = new OpenApiContract(OpenApiDocument.load());

  private static final String BASE = "https://uncloud.invalid/openapi.json";

  private final JsonObject document;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  OpenApiContract(JsonObject document) {
    this.document = document;
    String text = document.toString();
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, text)));
  }

  /** One request and its answer as the tests saw them. */
  record Exchange(String method, URI uri, String requestContentType, byte[] requestBody, int status,
      String responseContentType, String responseBody, boolean requestKnown) {}

  /** An operation of the document, found for a request. */
  record Operation(String pathTemplate, String method, JsonObject spec, Map<String, String> pathParameters) {
    String pointer() {
      return "/paths/" + escape(pathTemplate) + "/" + method;
    }
  }

  JsonObject document() {
    return document;
  }

  /**
   * @param exchange what the test sent and received
   * @throws AssertionError naming every way it departs from the document
   */
  void check(Exchange exchange) {
    List<String> problems = problems(exchange);
    if (!problems.isEmpty()) {
      throw new AssertionError(exchange.method() + " " + exchange.uri().getRawPath() + " answered "
          + exchange.status() + " does not conform to the OpenAPI document:\n  " + String.join("\n  ", problems)
          + "\nresponse body: " + exchange.responseBody());
    }
  }

  List<String> problems(Exchange exchange) {
    List<String> problems = new ArrayList<>();
    Optional<Operation> found = operation(exchange.method(), exchange.uri().getRawPath());
    if (found.isEmpty()) {
      if (exchange.status() < 400) {
        problems.add("the route is not in the document, yet it answered " + exchange.status());
      }
      checkJson(problems, "#/components/schemas/Error", exchange.responseBody(), "the error");
      return problems;
    }
    Operation operation = found.get();
    checkResponse(problems, operation, exchange);
    if (exchange.requestKnown() && exchange.status() < 300) {
      checkRequest(problems, operation, exchange);
    }
    return problems;
  }

  Optional<Operation> operation(String method, String rawPath) {
    String[] actual = rawPath.split("/", -1);
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.keySet()) {
      String[] parts = template.split("/", -1);
      if (parts.length != actual.length) {
        continue;
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      boolean matches = true;
      for (int i = 0; i < parts.length && matches; i++) {
        String segment = URLDecoder.decode(actual[i], StandardCharsets.UTF_8);
        if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
          parameters.put(parts[i].substring(1, parts[i].length() - 1), segment);
          matches = !segment.isEmpty();
        } else {
          matches = parts[i].equals(actual[i]);
        }
      }
      JsonObject operation = paths.getJsonObject(template).getJsonObject(method.toLowerCase(Locale.ROOT));
      if (matches && operation != null) {
        return Optional.of(new Operation(template, method.toLowerCase(Locale.ROOT), operation, parameters));
      }
    }
    return Optional.empty();
  }

  private void checkResponse(List<String> problems, Operation operation, Exchange exchange) {
    JsonObject responses = operation.spec().getJsonObject("responses");
    String status = Integer.toString(exchange.status());
    String key = responses.containsKey(status) ? status
        : responses.containsKey(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
        : responses.containsKey("default") ? "default" : null;
    if (key == null) {
      problems.add("the status " + status + " is not among the operation's responses " + responses.keySet());
      return;
    }
    JsonObject response = resolve(responses.getJsonObject(key));
    String pointer = responses.getJsonObject(key).containsKey("$ref")
        ? responses.getJsonObject(key).getString("$ref").substring(1)
        : operation.pointer() + "/responses/" + escape(key);
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      if (!exchange.responseBody().isEmpty()) {
        problems.add("the response has a body, but the document describes none");
      }
      return;
    }
    String media = mediaType(exchange.responseContentType());
    if (!content.containsKey(media)) {
      problems.add("the response's media type " + media + " is not among " + content.keySet());
      return;
    }
    if (media.equals("application/json")) {
      checkJson(problems, "#" + pointer + "/content/" + escape(media) + "/schema", exchange.responseBody(), "the response");
    }
  }

  private void checkRequest(List<String> problems, Operation operation, Exchange exchange) {
    Map<String, String> query = FormParser.parse(Optional.ofNullable(exchange.uri().getRawQuery()).orElse("")
        .getBytes(StandardCharsets.US_ASCII));
    Map<String, String> pointers = new LinkedHashMap<>();
    List<JsonObject> parameters = new ArrayList<>();
    var declared = operation.spec().getJsonArray("parameters");
    for (int i = 0; declared != null && i < declared.size(); i++) {
      JsonObject raw = declared.getJsonObject(i);
      JsonObject p = resolve(raw);
      parameters.add(p);
      pointers.put(p.getString("in") + ":" + p.getString("name"), raw.containsKey("$ref")
          ? raw.getString("$ref").substring(1) : operation.pointer() + "/parameters/" + i);
    }
    for (String name : query.keySet()) {
      if (!pointers.containsKey("query:" + name)) {
        problems.add("the query parameter " + name + " is not in the document");
      }
    }
    for (JsonObject p : parameters) {
      String in = p.getString("in");
      String value = in.equals("query") ? query.get(p.getString("name"))
          : in.equals("path") ? operation.pathParameters().get(p.getString("name")) : null;
      if (value == null) {
        if (p.getBoolean("required", false) && !in.equals("header")) {
          problems.add("the required " + in + " parameter " + p.getString("name") + " is missing");
        }
        continue;
      }
      checkJson(problems, "#" + pointers.get(in + ":" + p.getString("name")) + "/schema",
          Json.createValue(value).toString(), in + " parameter " + p.getString("name"));
    }
    JsonObject body = operation.spec().getJsonObject("requestBody");
    byte[] bytes = exchange.requestBody() == null ? new byte[0] : exchange.requestBody();
    if (body == null) {
      if (bytes.length > 0) {
        problems.add("the request has a body, but the document describes none");
      }
      return;
    }
    if (bytes.length == 0) {
      if (body.getBoolean("required", false)) {
        problems.add("the request body is required, but there was none");
      }
      return;
    }
    String media = mediaType(exchange.requestContentType());
    JsonObject content = body.getJsonObject("content");
    if (!content.containsKey(media)) {
      problems.add("the request's media type " + media + " is not among " + content.keySet());
      return;
    }
    String instance = media.equals("application/x-www-form-urlencoded") ? formAsJson(bytes)
        : new String(bytes, StandardCharsets.UTF_8);
    checkJson(problems, "#" + operation.pointer() + "/requestBody/content/" + escape(media) + "/schema", instance, "the request");
  }

  private void checkJson(List<String> problems, String fragment, String instance, String what) {
    Schema schema = schemas.computeIfAbsent(fragment, f -> registry.getSchema(SchemaLocation.of(BASE + f)));
    List<Error> errors;
    try {
      errors = schema.validate(instance, InputFormat.JSON);
    } catch (RuntimeException e) {
      problems.add(what + " is not JSON: " + e.getMessage());
      return;
    }
    for (Error error : errors) {
      problems.add(what + " at " + error.getInstanceLocation() + ": " + error.getMessage());
    }
  }

  private JsonObject resolve(JsonObject maybeRef) {
    if (!maybeRef.containsKey("$ref")) {
      return maybeRef;
    }
    JsonValue target = document;
    for (String token : maybeRef.getString("$ref").substring(2).split("/")) {
      target = target.asJsonObject().get(token.replace("~1", "/").replace("~0", "~"));
    }
    return target.asJsonObject();
  }

  static String formAsJson(byte[] body) {
    JsonObjectBuilder object = Json.createObjectBuilder();
    FormParser.parse(body).forEach(object::add);
    return object.build().toString();
  }

  static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
