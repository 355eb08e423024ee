package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.chargeForm;
import static ch.uncloud.gateway.GatewayHarness.encode;
import static ch.uncloud.gateway.GatewayHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Malformed requests get the right 4xx, a JSON error, and leave no trace in the ledger")
class MalformedInputTest {
  static GatewayHarness lab;

  @BeforeAll
  static void start() {
    lab = GatewayHarness.start();
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  /**
   * One bad request.
   *
   * @param name what is wrong
   * @param send sends it
   * @param status the expected status
   * @param error the expected error code
   */
  record Case(String name, Function<GatewayHarness, GatewayHarness.Reply> send, int status, String error) {
    @Override
    public String toString() {
      return name + " -> " + status + " " + error;
    }
  }

  private static Case charge(String name, String field, String value, int status, String error) {
    return new Case(name, h -> {
      Map<String, String> fields = chargeForm("nethzuser", "1.00");
      fields.put(field, value);
      return GatewayHarness.Reply.of(h.post("/charge", fields));
    }, status, error);
  }

  private static Case amount(String amount, String error) {
    return charge("amount " + amount, "amount", amount, 400, error);
  }

  private static Case rawCharge(String name, String body, int status, String error) {
    return rawCharge(name, body.getBytes(StandardCharsets.ISO_8859_1), "application/x-www-form-urlencoded", status,
        error);
  }

  private static Case rawCharge(String name, byte[] body, String contentType, int status, String error) {
    return new Case(name, h -> GatewayHarness.Reply.of(h.post("/charge", body, contentType)), status, error);
  }

  private static String valid() {
    return encode(chargeForm("nethzuser", "1.00"));
  }

  private static byte[] bytes(String prefix, int... raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
    for (int b : raw) {
      out.write(b);
    }
    return out.toByteArray();
  }

  /** The first {@code size} bytes of {@code text} as a chunked body: one chunk, then the last (empty) chunk. */
  private static byte[] chunk(String text, int size) {
    byte[] data = text.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, 0, size);
    out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static Case get(String name, String pathAndQuery, int status, String error, String... headers) {
    return new Case(name, h -> GatewayHarness.Reply.of(h.get(pathAndQuery, headers)), status, error);
  }

  private static Case post(String name, String path, Map<String, String> fields, int status, String error) {
    return new Case(name, h -> GatewayHarness.Reply.of(h.post(path, fields)), status, error);
  }

  private static Case raw(String name, String requestLine, int status, String error) {
    return new Case(name, h -> h.raw(requestLine.getBytes(StandardCharsets.ISO_8859_1)), status, error);
  }

  private static final String ADMIN_QUERY = "admin_username=raplab&admin_password=verygeheim";

  static Stream<Case> cases() {
    return Stream.of(
        // amounts
        amount("10,50", "malformed_amount"),
        amount("1e3", "malformed_amount"),
        amount("1E3", "malformed_amount"),
        amount("NaN", "malformed_amount"),
        amount("Infinity", "malformed_amount"),
        amount("-0", "amount_not_positive"),
        amount("0", "amount_not_positive"),
        amount("0.00", "amount_not_positive"),
        amount("-5.00", "amount_not_positive"),
        amount("0.001", "too_many_decimals"),
        amount("1.005", "too_many_decimals"),
        amount("+5", "malformed_amount"),
        amount(" 5", "malformed_amount"),
        amount("5 ", "malformed_amount"),
        amount("0x10", "malformed_amount"),
        amount("1,000.00", "malformed_amount"),
        amount("1'000.00", "malformed_amount"),
        amount("05.00", "malformed_amount"),
        amount(".50", "malformed_amount"),
        amount("5.", "malformed_amount"),
        amount("99999999999999999999", "malformed_amount"),
        amount("\uFF15", "malformed_amount"),
        amount("500.01", "amount_above_maximum"),
        amount("", "missing_field"),
        // currency
        charge("currency EUR", "currency", "EUR", 400, "currency_mismatch"),
        charge("currency in lower case", "currency", "chf", 400, "invalid_argument"),
        charge("currency that is not ISO 4217", "currency", "ABC", 400, "invalid_argument"),
        charge("currency without decimals defined", "currency", "XXX", 400, "invalid_argument"),
        charge("currency empty", "currency", "", 400, "missing_field"),
        // booking text
        // (a multi-megabyte upload is refused from its Content-Length: GatewayEndToEndTest.bodyLimits)
        charge("body over the 64 KiB limit", "payment_comment", "x".repeat(64 * 1024), 413, "payload_too_large"),
        charge("501-character comment", "payment_comment", "x".repeat(501), 400, "comment_too_long"),
        charge("empty comment", "payment_comment", "", 400, "missing_field"),
        charge("blank comment", "payment_comment", "   ", 400, "comment_missing"),
        charge("comment with a NUL byte", "payment_comment", "print\u0000job", 400, "invalid_argument"),
        // names
        charge("service name in upper case", "service_name", "3DPRINT", 400, "invalid_argument"),
        charge("user name with a control character", "username", "neth\u0007zuser", 400, "invalid_argument"),
        charge("idempotency key with a space", "idempotency_key", "job 1", 400, "invalid_argument"),
        // form structure
        charge("unknown field", "discount", "100", 400, "unknown_field"),
        rawCharge("duplicate amount", valid() + "&amount=2.00", 400, "duplicate_field"),
        rawCharge("duplicate admin_password", valid() + "&admin_password=other", 400, "duplicate_field"),
        rawCharge("field without '='", valid() + "&amount", 400, "malformed_form"),
        rawCharge("field with an empty name", valid() + "&=x", 400, "malformed_form"),
        rawCharge("two '&' in a row", valid().replaceFirst("&", "&&"), 400, "malformed_form"),
        rawCharge("broken percent-escape %G1", valid() + "&payment_comment2=%G1", 400, "malformed_form"),
        rawCharge("truncated percent-escape at the end", valid().replace("PLA+print", "PLA%4"), 400, "malformed_form"),
        rawCharge("lone percent sign", valid().replace("PLA+print", "100%"), 400, "malformed_form"),
        rawCharge("non-UTF-8 percent-escape %FF", valid().replace("PLA+print", "caf%E9"), 400, "invalid_utf8"),
        rawCharge("overlong UTF-8 %C0%AF", valid().replace("PLA+print", "%C0%AF"), 400, "invalid_utf8"),
        rawCharge("raw non-UTF-8 bytes in the body",
            bytes(valid().replace("PLA+print", "PLA"), 0xC3, 0x28), "application/x-www-form-urlencoded", 400,
            "invalid_utf8"),
        rawCharge("missing username", encode(form("admin_username", "raplab", "admin_password", "verygeheim",
            "service_name", "3dprint", "amount", "1.00", "currency", "CHF", "payment_comment", "x")), 400,
            "missing_field"),
        rawCharge("missing admin_password", encode(form("admin_username", "raplab", "service_name", "3dprint",
            "username", "nethzuser", "amount", "1.00", "currency", "CHF", "payment_comment", "x")), 400,
            "missing_field"),
        rawCharge("empty body", "", 400, "missing_field"),
        rawCharge("body over 64 KiB of many fields", valid() + "&x=" + "y".repeat(70 * 1024), 413, "payload_too_large"),
        // one chunk of 64 KiB + 1 byte, then the last chunk: the gateway has read all that was sent when
        // it answers, so its close cannot reset the connection before the answer arrives
        new Case("chunked body over 64 KiB (no Content-Length)", h -> h.raw(String.join("\r\n",
            "POST /charge HTTP/1.1", "Content-Type: application/x-www-form-urlencoded",
            "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII),
            chunk(valid() + "&x=" + "y".repeat(64 * 1024), 64 * 1024 + 1)), 413, "payload_too_large"),
        // content types
        rawCharge("JSON body", "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8), "application/json", 415,
            "unsupported_media_type"),
        rawCharge("text/plain body", valid().getBytes(StandardCharsets.UTF_8), "text/plain", 415,
            "unsupported_media_type"),
        rawCharge("multipart body", valid().getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=x", 415,
            "unsupported_media_type"),
        rawCharge("no Content-Type", valid().getBytes(StandardCharsets.UTF_8), null, 415, "unsupported_media_type"),
        rawCharge("charset ISO-8859-1", valid().getBytes(StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded; charset=ISO-8859-1", 415, "unsupported_media_type"),
        new Case("fields in the query string of a POST", h -> GatewayHarness.Reply.of(h.post("/charge?amount=1.00",
            valid().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")), 400, "unexpected_query"),
        new Case("Idempotency-Key header and field differ", h -> {
          Map<String, String> fields = chargeForm("nethzuser", "1.00");
          fields.put("idempotency_key", "a");
          return GatewayHarness.Reply.of(h.post("/charge", fields, "Idempotency-Key", "b"));
        }, 400, "ambiguous_idempotency_key"),
        // other POST endpoints
        post("deposit of 1e3", "/deposit", form("admin_username", "bursar", "admin_password",
            "bursargeheim", "username", "nethzuser", "amount", "1e3", "currency", "CHF", "payment_comment", "x"),
            400, "malformed_amount"),
        post("deposit with an unknown field", "/deposit", form("admin_username", "bursar",
            "admin_password", "bursargeheim", "username", "nethzuser", "amount", "5.00", "currency", "CHF",
            "payment_comment", "x", "charge_id", "abc"), 400, "unknown_field"),
        post("reverse with a charge id of '../x'", "/reverse", form("admin_username", "raplab",
            "admin_password", "verygeheim", "charge_id", "../x", "reason", "x"), 400, "invalid_argument"),
        post("reverse without a reason", "/reverse", form("admin_username", "raplab",
            "admin_password", "verygeheim", "charge_id", "abc"), 400, "missing_field"),
        // GET endpoints
        raw("balance with a broken percent-escape", "GET /balance?" + ADMIN_QUERY + "&username=%ZZ HTTP/1.1", 400,
            "malformed_form"),
        raw("balance with a raw non-ASCII byte in the query", "GET /balance?" + ADMIN_QUERY + "&username=caf\u00e9 HTTP/1.1",
            400, "malformed_query"),
        get("balance with an unknown parameter", "/balance?" + ADMIN_QUERY + "&username=nethzuser&debug=1", 400,
            "unknown_field"),
        get("balance with get_amount_available=2", "/balance?" + ADMIN_QUERY + "&username=nethzuser"
            + "&get_amount_available=2", 400, "invalid_argument"),
        get("balance without credentials", "/balance?username=nethzuser", 400, "missing_field"),
        get("balance with a non-UTF-8 user name", "/balance?" + ADMIN_QUERY + "&username=%FF", 400, "invalid_utf8"),
        get("balance with Basic auth that is not Base64", "/balance?username=nethzuser", 400,
            "malformed_authorization", "Authorization", "Basic %%%"),
        get("balance with Basic auth without a colon", "/balance?username=nethzuser", 400, "malformed_authorization",
            "Authorization", "Basic " + Base64.getEncoder().encodeToString("raplab".getBytes(StandardCharsets.UTF_8))),
        get("settlement for quarter 2026-Q5", "/settlement?" + ADMIN_QUERY + "&service_name=3dprint&quarter=2026-Q5",
            400, "invalid_argument"),
        get("may-start with a duplicate user", "/may-start?" + ADMIN_QUERY + "&service_name=3dprint"
            + "&username=nethzuser&username=schuldner", 400, "duplicate_field"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("is refused without a trace")
  void refused(Case bad) {
    int before = lab.entryCount();

    GatewayHarness.Reply response = bad.send().apply(lab);

    assertThat(response.status()).as(bad.name()).isEqualTo(bad.status());
    assertThat(response.contentType()).startsWith("application/json");
    JsonObject body = jakarta.json.Json.createReader(new java.io.StringReader(response.body())).readObject();
    assertThat(body.getString("error")).as(bad.name()).isEqualTo(bad.error());
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.keySet()).containsExactlyInAnyOrder("error", "message");
    assertThat(response.body()).doesNotContain("verygeheim").doesNotContain("bursargeheim")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(lab.entryCount()).as("ledger entries after " + bad.name()).isEqualTo(before);
  }

  @Test
  @DisplayName("there are at least 40 malformed cases, and a valid charge still works afterwards")
  void enoughCasesAndStillWorking() {
    List<Case> all = cases().toList();
    int before = lab.entryCount();

    HttpResponse<String> ok = lab.post("/charge", chargeForm("nethzuser", "1.00"));

    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(lab.entryCount()).isEqualTo(before + 1);
  }
}
