package ch.uncloud.ovh;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for OVH's signed REST API (the {@code /1.0} API of OVHcloud, Kimsufi and So you Start).
 * Immutable apart from the learned server time offset; thread-safe; build one per set of
 * credentials and share it.
 *
 * <p>Signing follows OVH: {@code X-Ovh-Application}, {@code X-Ovh-Consumer}, {@code X-Ovh-Timestamp}
 * and {@code X-Ovh-Signature} (see {@link OvhSignature}). The timestamp is the injected clock's time
 * plus the offset learned once from the unsigned {@code GET /auth/time}; after a signature or time
 * error the offset is learned again and the call is repeated once (a rejected signature means OVH
 * did nothing).
 *
 * <p>Only {@code GET}s are retried after a server error, a timeout or a network failure. Writes are
 * never retried: a repeated checkout would create a second sales order.
 *
 * <p>Errors become uncloud exceptions implementing {@link OvhApiError}: 400 {@link OvhBadRequestException},
 * 401 and 403 with a credential error code {@link OvhCredentialsException}, other 403
 * {@link OvhForbiddenException}, 404 {@link OvhNotFoundException}, 409 {@link OvhConflictException},
 * 460 {@link OvhResourceExpiredException}, 5xx and network failures {@link OvhUnavailableException}.
 */
public final class OvhClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OvhClient.class);
  private static final Set<String> CREDENTIAL_CODES =
      Set.of("INVALID_KEY", "INVALID_CREDENTIAL", "NOT_CREDENTIAL");
  private static final Set<String> RESIGN_CODES = Set.of("INVALID_SIGNATURE", "QUERY_TIME_OUT");

  private final OvhEndpoint endpoint;
  private final String transportBase;
  private final Secret applicationKey;
  private final Secret applicationSecret;
  private final Secret consumerKey;
  private final Clock clock;
  private final Duration requestTimeout;
  private final int getRetries;
  private final Duration retryBackoff;
  private final HttpClient http;
  private final JsonProvider json;
  private final Object timeLock = new Object();
  private volatile Long timeDelta;

  OvhClient(OvhClientBuilder b) {
    if (b.endpoint == null) {
      throw new ConfigurationException("OVH client needs an endpoint (e.g. ovh-eu)");
    }
    if (b.applicationKey == null || b.applicationKey.isEmpty()) {
      throw new ConfigurationException("OVH client needs an application key; create one at https://eu.api.ovh.com/createApp/");
    }
    this.endpoint = b.endpoint;
    this.transportBase = b.transportBaseUrl;
    this.applicationKey = b.applicationKey;
    this.applicationSecret = b.applicationSecret;
    this.consumerKey = b.consumerKey;
    this.clock = b.clock;
    this.requestTimeout = b.requestTimeout;
    this.getRetries = b.getRetries;
    this.retryBackoff = b.retryBackoff;
    HttpClient.Builder http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (b.trustCertificate != null) {
      http.sslContext(TrustedCertificate.context(b.trustCertificate));
    }
    this.http = http.build();
    this.json = JsonProvider.provider();
  }

  /**
   * @return a builder; endpoint and application key are required
   */
  public static OvhClientBuilder builder() {
    return new OvhClientBuilder();
  }

  /**
   * @return the endpoint this client signs for
   */
  public OvhEndpoint endpoint() {
    return endpoint;
  }

  /**
   * @return the JSON provider this client uses (one per client), for building bodies
   */
  public JsonProvider json() {
    return json;
  }

  /**
   * An unsigned GET, for public routes such as the catalog.
   *
   * @param pathAndQuery the path relative to the endpoint, e.g. {@code /auth/time}
   * @return the parsed body, {@link JsonValue#NULL} if empty
   */
  public JsonValue getUnsigned(String pathAndQuery) {
    return call("GET", pathAndQuery, null, false);
  }

  /**
   * A signed GET.
   *
   * @param pathAndQuery the path relative to the endpoint
   * @return the parsed body, {@link JsonValue#NULL} if empty
   */
  public JsonValue get(String pathAndQuery) {
    return call("GET", pathAndQuery, null, true);
  }

  /**
   * A signed POST. Never retried.
   *
   * @param pathAndQuery the path relative to the endpoint
   * @param body the JSON body, or {@code null} for none
   * @return the parsed body, {@link JsonValue#NULL} if empty
   */
  public JsonValue post(String pathAndQuery, JsonValue body) {
    return call("POST", pathAndQuery, body, true);
  }

  /**
   * A signed PUT. Never retried.
   *
   * @param pathAndQuery the path relative to the endpoint
   * @param body the JSON body, or {@code null} for none
   * @return the parsed body, {@link JsonValue#NULL} if empty
   */
  public JsonValue put(String pathAndQuery, JsonValue body) {
    return call("PUT", pathAndQuery, body, true);
  }

  /**
   * A signed DELETE. Never retried.
   *
   * @param pathAndQuery the path relative to the endpoint
   * @return the parsed body, {@link JsonValue#NULL} if empty
   */
  public JsonValue delete(String pathAndQuery) {
    return call("DELETE", pathAndQuery, null, true);
  }

  /**
   * Calls OVH. The body is sent as compact JSON, exactly the bytes that were signed.
   *
   * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
   * @param pathAndQuery the path relative to the endpoint, query included (see {@link #path} and
   *     {@link #query})
   * @param body the JSON body, or {@code null} for none
   * @param signed whether to sign the call (needs the application secret and the consumer key)
   * @return the parsed body, {@link JsonValue#NULL} if empty
   * @throws ch.uncloud.api.UncloudException implementing {@link OvhApiError}, as described on the class
   */
  public JsonValue call(String method, String pathAndQuery, JsonValue body, boolean signed) {
    String m = method.toUpperCase(Locale.ROOT);
    String bodyText = body == null ? "" : write(body);
    int attempts = 0;
    boolean resigned = false;
    while (true) {
      attempts++;
      try {
        return send(m, pathAndQuery, bodyText, signed);
      } catch (OvhUnavailableException e) {
        if (!"GET".equals(m) || attempts > getRetries) {
          throw e;
        }
        LOG.debug("retrying {} {} after {} (attempt {})", m, pathAndQuery, e.ovhError().httpStatus(), attempts);
        sleep(retryBackoff.multipliedBy(attempts));
      } catch (OvhBadRequestException e) {
        if (!signed || !isSignatureProblem(e.ovhError())) {
          throw e;
        }
        if (resigned) {
          throw new OvhCredentialsException("OVH still rejects the request signature after learning its time again: "
              + e.ovhError().describe() + ". Check uncloud.ovh.application-secret and uncloud.ovh.consumer-key.",
              e.ovhError(), e);
        }
        resigned = true;
        LOG.info("OVH refused a signature or timestamp ({}); learning the server time again and retrying once",
            e.ovhError().errorCode() != null ? e.ovhError().errorCode() : e.ovhError().message());
        learnTimeBeforeSending(m, pathAndQuery, true);
      }
    }
  }

  /**
   * Learns the time offset for a request not yet sent; a failure says the request was not sent.
   *
   * @return the offset in seconds
   */
  private long learnTimeBeforeSending(String method, String pathAndQuery, boolean refresh) {
    try {
      return refresh ? refreshTime() : timeDelta();
    } catch (OvhUnavailableException e) {
      throw new OvhUnavailableException("could not learn OVH's time before " + method + " " + pathAndQuery
          + ", which was therefore not sent: " + e.getMessage(), e.ovhError(), false, e);
    }
  }

  private static boolean isSignatureProblem(OvhErrorDetails d) {
    return d.errorCode() != null && RESIGN_CODES.contains(d.errorCode())
        || "Invalid signature".equals(d.message()) || "Query out of time".equals(d.message());
  }

  /**
   * Asks OVH for a consumer key ({@code POST /auth/credential}, signed with the application key
   * only). The key is usable once the account owner has opened the validation URL and logged in.
   *
   * @param accessRules the routes the key may call
   * @param redirection where OVH sends the user after validation, or {@code null}
   * @return the validation URL, the new consumer key and its state
   */
  public OvhCredentialRequest requestConsumerKey(List<OvhAccessRule> accessRules, String redirection) {
    if (accessRules == null || accessRules.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a consumer key needs at least one access rule, e.g. GET /order/*");
    }
    var rules = json.createArrayBuilder();
    for (OvhAccessRule rule : accessRules) {
      rules.add(json.createObjectBuilder().add("method", rule.method()).add("path", rule.path()));
    }
    var body = json.createObjectBuilder().add("accessRules", rules);
    if (redirection != null) {
      body.add("redirection", redirection);
    }
    JsonObject answer = call("POST", "/auth/credential", body.build(), false).asJsonObject();
    return new OvhCredentialRequest(answer.getString("validationUrl", null),
        Secret.of(answer.getString("consumerKey")), answer.getString("state", null));
  }

  /**
   * Learns the offset between OVH's clock and the injected clock from {@code GET /auth/time}.
   *
   * @return the offset in seconds (server minus local)
   */
  public long refreshTime() {
    synchronized (timeLock) {
      JsonValue answer = call("GET", "/auth/time", null, false);
      if (!(answer instanceof JsonNumber n)) {
        throw new OvhUnavailableException("OVH answered GET /auth/time with something other than a number; try again later",
            new OvhErrorDetails(200, null, null, "unexpected body", null, "GET", "/auth/time"), false, null);
      }
      long delta = n.longValueExact() - clock.instant().getEpochSecond();
      timeDelta = delta;
      LOG.debug("OVH time offset is {} s", delta);
      return delta;
    }
  }

  /**
   * @return the learned time offset in seconds, learning it first if needed
   */
  public long timeDelta() {
    Long d = timeDelta;
    return d != null ? d : refreshTime();
  }

  private JsonValue send(String method, String pathAndQuery, String bodyText, boolean signed) {
    String url = endpoint.url(pathAndQuery);
    String target = transportBase == null ? url : transportBase + url.substring(endpointOrigin().length());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
        .timeout(requestTimeout)
        .method(method, bodyText.isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(bodyText, StandardCharsets.UTF_8));
    if (!bodyText.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    request.header("X-Ovh-Application", applicationKey.reveal());
    if (signed) {
      if (applicationSecret == null || consumerKey == null) {
        throw new ConfigurationException("signed OVH calls need uncloud.ovh.application-secret and uncloud.ovh.consumer-key;"
            + " request a consumer key with OvhClient.requestConsumerKey");
      }
      long timestamp = clock.instant().getEpochSecond() + learnTimeBeforeSending(method, pathAndQuery, false);
      request.header("X-Ovh-Consumer", consumerKey.reveal());
      request.header("X-Ovh-Timestamp", Long.toString(timestamp));
      request.header("X-Ovh-Signature",
          OvhSignature.sign(applicationSecret.reveal(), consumerKey.reveal(), method, endpoint.signedUrl(pathAndQuery),
              bodyText, timestamp));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OvhUnavailableException("interrupted while calling OVH " + method + " " + pathAndQuery,
          new OvhErrorDetails(0, null, null, "interrupted", null, method, pathAndQuery), true, e);
    } catch (IOException e) {
      boolean notSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
      throw new OvhUnavailableException("OVH did not answer " + method + " " + pathAndQuery + " ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "); try again later", new OvhErrorDetails(0, null, null, e.getClass().getSimpleName(), null, method,
          pathAndQuery), !notSent, e);
    }
    String queryId = response.headers().firstValue("X-Ovh-QueryID").orElse(null);
    int status = response.statusCode();
    LOG.debug("OVH {} {} -> {} ({})", method, pathAndQuery, status, queryId);
    if (status >= 200 && status < 300) {
      if (status == 204 || response.body().isBlank()) {
        return JsonValue.NULL;
      }
      try {
        return parse(response.body());
      } catch (JsonParsingException e) {
        throw new OvhUnavailableException("OVH answered " + method + " " + pathAndQuery + " with a body that is not JSON;"
            + " try again later", new OvhErrorDetails(status, null, null, "invalid JSON", queryId, method, pathAndQuery),
            true, e);
      }
    }
    throw error(status, response.body(), queryId, method, pathAndQuery);
  }

  private String endpointOrigin() {
    URI uri = URI.create(endpoint.baseUrl());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private RuntimeException error(int status, String body, String queryId, String method, String path) {
    String errorCode = null;
    String errorClass = null;
    String message = body == null || body.isBlank() ? null : body.strip();
    try {
      if (message != null) {
        JsonValue parsed = parse(body);
        if (parsed instanceof JsonObject o) {
          errorCode = stringOrNull(o, "errorCode");
          errorClass = stringOrNull(o, "class");
          message = stringOrNull(o, "message");
        } else if (parsed instanceof JsonString s) {
          message = s.getString();
        }
      }
    } catch (JsonParsingException e) {
      // not JSON: keep the raw body as the message, as OVH's Go client does
    }
    OvhErrorDetails d = new OvhErrorDetails(status, errorCode, errorClass, message, queryId, method, path);
    String what = "OVH " + d.describe();
    if ((status == 401 || status == 403) && (errorCode != null && CREDENTIAL_CODES.contains(errorCode)
        || status == 401 || "This credential does not exist".equals(message))) {
      return new OvhCredentialsException(what + ". Check uncloud.ovh.application-key and uncloud.ovh.consumer-key;"
          + " a consumer key works only after its validation URL was opened.", d);
    }
    if (status == 403) {
      return new OvhForbiddenException(what + ". The consumer key is not allowed to do this; request one whose"
          + " access rules cover this route, or check the account's rights.", d);
    }
    if (status == 404) {
      return new OvhNotFoundException(what + ". Check the id; it may belong to another account.", d);
    }
    if (status == 409) {
      return new OvhConflictException(what + ". Inspect the resource's current state before trying again.", d);
    }
    if (status == 460) {
      return new OvhResourceExpiredException(what + ". The resource has expired; start again (prepare a new order).", d);
    }
    if (status >= 500 || status == 429) {
      return new OvhUnavailableException(what + ". OVH is having trouble; try again later.", d, true, null);
    }
    return new OvhBadRequestException(what + ". Fix the request before trying again.", d);
  }

  private static String stringOrNull(JsonObject o, String key) {
    JsonValue v = o.get(key);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    return v == null || v == JsonValue.NULL ? null : v.toString();
  }

  /**
   * @param text JSON text
   * @return the parsed value
   */
  public JsonValue parse(String text) {
    try (var reader = json.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * @param value a JSON value
   * @return its compact text, as OVH's clients send it
   */
  public String write(JsonValue value) {
    StringWriter out = new StringWriter();
    try (var writer = json.createWriter(out)) {
      writer.write(value);
    }
    return out.toString();
  }

  /**
   * Builds a path from a template, encoding each argument as one path segment.
   *
   * @param template e.g. {@code /order/cart/{}/item/{}}
   * @param args one per {@code {}}
   * @return the path
   */
  public static String path(String template, Object... args) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (Object arg : args) {
      int at = template.indexOf("{}", from);
      if (at < 0) {
        throw new IllegalArgumentException("more arguments than {} in " + template);
      }
      out.append(template, from, at).append(URLEncoder.encode(String.valueOf(arg), StandardCharsets.UTF_8)
          .replace("+", "%20"));
      from = at + 2;
    }
    if (template.indexOf("{}", from) >= 0) {
      throw new IllegalArgumentException("fewer arguments than {} in " + template);
    }
    return out.append(template.substring(from)).toString();
  }

  /**
   * Appends a query string, form-encoded as OVH's Python client does ({@code a b&c} becomes
   * {@code a+b%26c}); {@code null} values are left out.
   *
   * @param path a path without query
   * @param params names and values, in order
   * @return the path with its query
   */
  public static String query(String path, Map<String, ?> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> {
      if (v != null) {
        parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v),
            StandardCharsets.UTF_8));
      }
    });
    return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
  }

  /**
   * @return the JSON array, or an empty one if the value is not an array
   */
  static JsonArray array(JsonValue value) {
    return value instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Nothing to release with the JDK 17 HTTP client; present so callers can use try-with-resources. */
  @Override
  public void close() {
    // the JDK 17 HttpClient has no close(); its threads end when unreferenced
  }

  @Override
  public String toString() {
    return "OvhClient[" + endpoint + "]";
  }

}
