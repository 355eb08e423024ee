package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.chargeForm;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.credit.Quarter;
import ch.uncloud.testservers.TestCertificate;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The REST gateway, end to end over HTTP on the demo (SQLite ledger, embedded LDAP)")
class GatewayEndToEndTest {

  GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  @DisplayName("POST /charge")
  class Charging {
    @Test
    @DisplayName("a charge whose lock flag write fails is booked and says lock_pending: true; others carry no such field")
    void pendingLockFlag() {
      lab.backend.directory().failNextLockWrites(1);

      HttpResponse<String> pending = lab.post("/charge", chargeForm("nethzuser", "25.00"));
      HttpResponse<String> written = lab.post("/charge", chargeForm("erstsemester", "25.00"));

      assertThat(pending.statusCode()).isEqualTo(200);
      assertThat(json(pending).getBoolean("locked")).isTrue();
      assertThat(json(pending).getBoolean("lock_pending")).isTrue();
      assertThat(lab.vppLock("nethzuser")).isEqualTo("FALSE");
      assertThat(json(written).getBoolean("locked")).isTrue();
      assertThat(json(written).containsKey("lock_pending")).isFalse();
    }

    @Test
    @DisplayName("books the charge and answers 200 with charge_id, username, service_name, amount, currency, balance, locked")
    void charges() {
      HttpResponse<String> response = lab.post("/charge", chargeForm("nethzuser", "1.50"));

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = json(response);
      assertThat(body.getString("charge_id")).isNotBlank();
      assertThat(body.getString("username")).isEqualTo("nethzuser");
      assertThat(body.getString("service_name")).isEqualTo("3dprint");
      assertThat(body.getString("amount")).isEqualTo("1.50");
      assertThat(body.getString("currency")).isEqualTo("CHF");
      assertThat(body.getString("balance")).isEqualTo("18.50");
      assertThat(body.getBoolean("locked")).isFalse();
      assertThat(body.keySet()).containsExactlyInAnyOrder("charge_id", "username", "service_name", "amount",
          "currency", "balance", "locked");
    }

    @Test
    @DisplayName("a retry with the same idempotency key (field or header) books once and returns the first charge")
    void idempotentRetry() {
      int before = lab.entryCount();
      Map<String, String> withKey = chargeForm("nethzuser", "2.00");
      withKey.put("idempotency_key", "print-job-4711");

      JsonObject first = json(lab.post("/charge", withKey));
      HttpResponse<String> retry = lab.post("/charge", withKey);
      HttpResponse<String> viaHeader = lab.post("/charge", chargeForm("nethzuser", "2.00"),
          "Idempotency-Key", "print-job-4711");

      assertThat(retry.statusCode()).isEqualTo(200);
      assertThat(json(retry).getString("charge_id")).isEqualTo(first.getString("charge_id"));
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(json(viaHeader).getString("charge_id")).isEqualTo(first.getString("charge_id"));
      assertThat(lab.entryCount()).isEqualTo(before + 1);
      assertThat(json(lab.get("/balance?username=nethzuser", "Authorization", basic("raplab", "verygeheim")))
          .getString("amount_available")).isEqualTo("18.00");
    }

    @Test
    @DisplayName("the same idempotency key with another amount is 409 idempotency_conflict and books nothing")
    void idempotencyConflict() {
      lab.post("/charge", chargeForm("nethzuser", "2.00"), "Idempotency-Key", "job-1");
      int before = lab.entryCount();

      HttpResponse<String> response = lab.post("/charge", chargeForm("nethzuser", "3.00"), "Idempotency-Key", "job-1");

      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(json(response).getString("error")).isEqualTo("idempotency_conflict");
      assertThat(lab.entryCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("a charge past the account's credit limit is 402 insufficient_funds with available and limit as fields, and books nothing")
    void chargePastCreditLimit() {
      int before = lab.entryCount();
      HttpResponse<String> refused = lab.post("/charge", chargeForm("schuldner", "0.05"));

      assertThat(refused.statusCode()).isEqualTo(402);
      JsonObject body = json(refused);
      assertThat(body.getString("error")).isEqualTo("insufficient_funds");
      assertThat(body.getString("available")).isEqualTo("-5.00");
      assertThat(body.getString("limit")).isEqualTo("5.00");
      assertThat(body.getString("currency")).isEqualTo("CHF");
      assertThat(lab.entryCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("100 charges from 4 concurrent clients are all booked exactly once")
    void concurrentCharges() throws Exception {
      int before = lab.entryCount();
      java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
          Map<String, String> fields = chargeForm("nethzuser", "0.10");
          fields.put("idempotency_key", "parallel-" + i);
          statuses.add(clients.submit(() -> lab.post("/charge", fields).statusCode()));
        }
        for (java.util.concurrent.Future<Integer> status : statuses) {
          assertThat(status.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        clients.shutdownNow();
      }

      assertThat(lab.entryCount()).isEqualTo(before + 100);
      assertThat(json(lab.get("/balance?username=nethzuser", "Authorization", basic("raplab", "verygeheim")))
          .getString("amount_available")).isEqualTo("10.00");
    }

    @Test
    @DisplayName("a charge into overdraft succeeds, locks the account and writes vppLock=TRUE to LDAP; a deposit clearing the debt unlocks it")
    void overdraftLocksAndDepositUnlocks() {
      assertThat(lab.vppLock("nethzuser")).isEqualTo("FALSE");

      JsonObject charged = json(lab.post("/charge", chargeForm("nethzuser", "25.00")));

      assertThat(charged.getString("balance")).isEqualTo("-5.00");
      assertThat(charged.getBoolean("locked")).isTrue();
      assertThat(lab.vppLock("nethzuser")).isEqualTo("TRUE");
      JsonObject refused = json(lab.get("/may-start?service_name=3dprint&username=nethzuser",
          "Authorization", basic("raplab", "verygeheim")));
      assertThat(refused.getBoolean("allowed")).isFalse();
      assertThat(refused.getString("reason")).isEqualTo("locked");

      JsonObject deposited = json(lab.post("/deposit", form("admin_username", "bursar", "admin_password",
          "bursargeheim", "username", "nethzuser", "amount", "10.00", "currency", "CHF", "payment_comment", "cash")));

      assertThat(deposited.getString("balance")).isEqualTo("5.00");
      assertThat(deposited.getBoolean("locked")).isFalse();
      assertThat(lab.vppLock("nethzuser")).isEqualTo("FALSE");
      assertThat(json(lab.get("/may-start?service_name=3dprint&username=nethzuser&admin_username=raplab"
          + "&admin_password=verygeheim")).getBoolean("allowed")).isTrue();
    }

    @Test
    @DisplayName("the seeded debtor schuldner is locked in LDAP and a deposit that does not clear the debt keeps the lock")
    void partialDepositKeepsLock() {
      assertThat(lab.vppLock("schuldner")).isEqualTo("TRUE");

      JsonObject deposited = json(lab.post("/deposit", form("admin_username", "bursar", "admin_password",
          "bursargeheim", "username", "schuldner", "amount", "4.00", "currency", "CHF", "payment_comment", "cash")));

      assertThat(deposited.getString("balance")).isEqualTo("-1.00");
      assertThat(deposited.getBoolean("locked")).isTrue();
      assertThat(lab.vppLock("schuldner")).isEqualTo("TRUE");
    }
  }

  @Nested
  @DisplayName("admin separation")
  class Separation {
    @Test
    @DisplayName("an admin charging a service it does not own gets 403 not_service_owner")
    void foreignService() {
      Map<String, String> fields = chargeForm("nethzuser", "1.00");
      fields.put("admin_username", "vppadmin");
      fields.put("admin_password", "vppgeheim");

      HttpResponse<String> response = lab.post("/charge", fields);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(json(response).getString("error")).isEqualTo("not_service_owner");
    }

    @Test
    @DisplayName("an admin may reverse only its own service's charges (another's is 404 like a missing id), and only "
        + "once (409 already_reversed)")
    void reverseOwnOnly() {
      Map<String, String> vpp = chargeForm("nethzuser", "3.00");
      vpp.put("admin_username", "vppadmin");
      vpp.put("admin_password", "vppgeheim");
      vpp.put("service_name", "vpp-print");
      String chargeId = json(lab.post("/charge", vpp)).getString("charge_id");

      HttpResponse<String> foreign = lab.post("/reverse", form("admin_username", "raplab", "admin_password",
          "verygeheim", "charge_id", chargeId, "reason", "not ours"));
      HttpResponse<String> own = lab.post("/reverse", form("admin_username", "vppadmin", "admin_password",
          "vppgeheim", "charge_id", chargeId, "reason", "printer jammed"));
      HttpResponse<String> twice = lab.post("/reverse", form("admin_username", "vppadmin", "admin_password",
          "vppgeheim", "charge_id", chargeId, "reason", "again"));

      HttpResponse<String> missing = lab.post("/reverse", form("admin_username", "raplab", "admin_password",
          "verygeheim", "charge_id", "e-doesnotexist", "reason", "not ours"));

      assertThat(foreign.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
      assertThat(json(foreign).getString("error")).isEqualTo("unknown_charge");
      assertThat(json(foreign).getString("message").replace(chargeId, "ID"))
          .isEqualTo(json(missing).getString("message").replace("e-doesnotexist", "ID"));
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(json(own).getString("reverses")).isEqualTo(chargeId);
      assertThat(json(own).getString("balance")).isEqualTo("20.00");
      assertThat(twice.statusCode()).isEqualTo(409);
      assertThat(json(twice).getString("error")).isEqualTo("already_reversed");
    }

    @Test
    @DisplayName("only the cashier's owner (bursar) may deposit to any account; raplab gets 403")
    void depositsByCashierOnly() {
      HttpResponse<String> response = lab.post("/deposit", form("admin_username", "raplab", "admin_password",
          "verygeheim", "username", "nethzuser", "amount", "10.00", "currency", "CHF", "payment_comment", "gift"));

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(json(response).getString("error")).isEqualTo("not_service_owner");
    }
  }

  @Nested
  @DisplayName("status codes")
  class StatusCodes {
    @Test
    @DisplayName("401 bad_credentials for a wrong password, an unknown admin and wrong Basic auth, the same message each time")
    void unauthorized() {
      Map<String, String> wrongPassword = chargeForm("nethzuser", "1.00");
      wrongPassword.put("admin_password", "verygeheim!");
      Map<String, String> unknownAdmin = chargeForm("nethzuser", "1.00");
      unknownAdmin.put("admin_username", "mallory");

      HttpResponse<String> a = lab.post("/charge", wrongPassword);
      HttpResponse<String> b = lab.post("/charge", unknownAdmin);
      HttpResponse<String> c = lab.get("/balance?username=nethzuser", "Authorization", basic("raplab", "nope"));

      for (HttpResponse<String> response : java.util.List.of(a, b, c)) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).getString("error")).isEqualTo("bad_credentials");
        assertThat(response.body()).doesNotContain("verygeheim").doesNotContain("nope");
      }
      assertThat(json(a).getString("message")).isEqualTo(json(b).getString("message"));
    }

    @Test
    @DisplayName("404 for an unknown user, service, charge and endpoint")
    void notFound() {
      HttpResponse<String> user = lab.post("/charge", chargeForm("nobody", "1.00"));
      Map<String, String> service = chargeForm("nethzuser", "1.00");
      service.put("service_name", "plotter");
      HttpResponse<String> noService = lab.post("/charge", service);
      HttpResponse<String> charge = lab.post("/reverse", form("admin_username", "raplab", "admin_password",
          "verygeheim", "charge_id", "no-such-charge", "reason", "x"));
      HttpResponse<String> endpoint = lab.get("/refund");

      assertThat(json(user).getString("error")).isEqualTo("unknown_user");
      assertThat(json(noService).getString("error")).isEqualTo("unknown_service");
      assertThat(json(charge).getString("error")).isEqualTo("unknown_charge");
      assertThat(json(endpoint).getString("error")).isEqualTo("no_such_endpoint");
      assertThat(java.util.List.of(user, noService, charge, endpoint)).allSatisfy(
          r -> assertThat(r.statusCode()).isEqualTo(404));
    }

    @Test
    @DisplayName("400 for an amount above the service's maximum (500.00) and for the wrong currency")
    void badAmounts() {
      HttpResponse<String> tooHigh = lab.post("/charge", chargeForm("nethzuser", "500.01"));
      Map<String, String> euro = chargeForm("nethzuser", "1.00");
      euro.put("currency", "EUR");
      HttpResponse<String> wrongCurrency = lab.post("/charge", euro);
      HttpResponse<String> atMaximum = lab.post("/charge", chargeForm("nethzuser", "500.00"));

      assertThat(tooHigh.statusCode()).isEqualTo(400);
      assertThat(json(tooHigh).getString("error")).isEqualTo("amount_above_maximum");
      assertThat(wrongCurrency.statusCode()).isEqualTo(400);
      assertThat(json(wrongCurrency).getString("error")).isEqualTo("currency_mismatch");
      assertThat(atMaximum.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("405 with Allow for the wrong method, 200 for GET /health")
    void methodsAndHealth() {
      HttpResponse<String> wrong = lab.get("/charge");
      HttpResponse<String> health = lab.get("/health");

      assertThat(wrong.statusCode()).isEqualTo(405);
      assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(json(health).getString("status")).isEqualTo("ok");
    }

    @Test
    @DisplayName("413 for a body over 64 KiB, 415 for JSON, both before anything is booked")
    void bodyLimits() throws IOException {
      int before = lab.entryCount();
      Map<String, String> overLimit = chargeForm("nethzuser", "1.00");
      overLimit.put("payment_comment", "x".repeat(64 * 1024));

      HttpResponse<String> tooLarge = lab.post("/charge", overLimit);
      String hugeAnswer = headersOnly("/charge", 10 * 1024 * 1024);
      HttpResponse<String> jsonBody = lab.post("/charge", "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8),
          "application/json");

      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(json(tooLarge).getString("error")).isEqualTo("payload_too_large");
      // the 10 MiB upload is refused from its Content-Length alone, before any of its body is read
      assertThat(hugeAnswer).startsWith("HTTP/1.1 413").contains("payload_too_large");
      assertThat(jsonBody.statusCode()).isEqualTo(415);
      assertThat(lab.entryCount()).isEqualTo(before);
    }

    /**
     * Sends a form POST's headers announcing {@code length} bytes with {@code Expect: 100-continue}
     * and no body, as a careful client does before a large upload, and returns the answer.
     */
    private String headersOnly(String path, int length) throws IOException {
      URI uri = lab.uri(path);
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(30_000);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + length + "\r\n"
            + "Expect: 100-continue\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Nested
  @DisplayName("GET /balance and /may-start")
  class Reading {
    @Test
    @DisplayName("/balance answers username, amount_available, currency, locked, with credentials in the query or as Basic auth")
    void balance() {
      JsonObject viaQuery = json(lab.get("/balance?admin_username=raplab&admin_password=verygeheim"
          + "&username=schuldner&get_amount_available=1"));
      JsonObject viaBasic = json(lab.get("/balance?username=schuldner&get_amount_available=1",
          "Authorization", basic("vppadmin", "vppgeheim")));

      assertThat(viaQuery.getString("username")).isEqualTo("schuldner");
      assertThat(viaQuery.getString("amount_available")).isEqualTo("-5.00");
      assertThat(viaQuery.getString("currency")).isEqualTo("CHF");
      assertThat(viaQuery.getBoolean("locked")).isTrue();
      assertThat(viaBasic).isEqualTo(viaQuery);
    }

    @Test
    @DisplayName("/balance shows granted quota and paid credit apart, amount_available both together")
    void balanceShowsQuotaAndCreditApart() {
      lab.grantQuota("nethzuser", "7.50", Instant.now());
      assertThat(lab.post("/charge", GatewayHarness.chargeForm("nethzuser", "2.25")).statusCode()).isEqualTo(200);

      JsonObject balance = json(lab.get("/balance?username=nethzuser&get_amount_available=1",
          "Authorization", basic("raplab", "verygeheim")));

      assertThat(balance.getString("amount_available")).isEqualTo("25.25");
      assertThat(balance.getString("quota")).isEqualTo("5.25");
      assertThat(balance.getString("credit")).isEqualTo("20.00");
    }

    @Test
    @DisplayName("credentials both in the query and as Basic auth are refused as ambiguous (400)")
    void ambiguousCredentials() {
      HttpResponse<String> response = lab.get("/balance?admin_username=raplab&admin_password=verygeheim"
          + "&username=nethzuser", "Authorization", basic("raplab", "verygeheim"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).getString("error")).isEqualTo("ambiguous_credentials");
    }

    @Test
    @DisplayName("directory users are admins only in lab-admins; reading needs owning a service (a start decision "
        + "that service) or the reader role")
    void whoMayRead() {
      String balance = "/balance?username=erstsemester";
      String mayStart = "/may-start?service_name=lasercutter&username=schuldner";
      String plainUser = basic("nethzuser", "nethzgeheim");
      String tutor = basic(Lab.DIRECTORY_ADMIN, Lab.DIRECTORY_ADMIN_PASSWORD);
      String reader = basic(Lab.READER, Lab.READER_PASSWORD);
      String vppadmin = basic("vppadmin", "vppgeheim");

      assertThat(lab.get(balance, "Authorization", plainUser).statusCode()).isEqualTo(401);
      assertThat(lab.get(mayStart, "Authorization", plainUser).statusCode()).isEqualTo(401);
      HttpResponse<String> tutorBalance = lab.get(balance, "Authorization", tutor);
      assertThat(tutorBalance.statusCode()).isEqualTo(403);
      assertThat(json(tutorBalance).getString("error")).isEqualTo("not_service_owner");
      assertThat(lab.get(mayStart, "Authorization", tutor).statusCode()).isEqualTo(403);
      assertThat(lab.get(balance, "Authorization", vppadmin).statusCode()).isEqualTo(200);
      assertThat(lab.get(mayStart, "Authorization", vppadmin).statusCode()).isEqualTo(403);
      assertThat(lab.get(balance, "Authorization", reader).statusCode()).isEqualTo(200);
      assertThat(json(lab.get(mayStart, "Authorization", reader)).getString("reason")).isEqualTo("locked");
    }

    @Test
    @DisplayName("/may-start applies the lasercutter's LDAP filter: D-ARCH from year 2 on")
    void accessFilter() {
      String auth = basic("raplab", "verygeheim");
      JsonObject year3 = json(lab.get("/may-start?service_name=lasercutter&username=nethzuser", "Authorization", auth));
      JsonObject year1 = json(lab.get("/may-start?service_name=lasercutter&username=erstsemester", "Authorization", auth));
      JsonObject printer = json(lab.get("/may-start?service_name=3dprint&username=erstsemester", "Authorization", auth));

      assertThat(year3.getBoolean("allowed")).isTrue();
      assertThat(year3.getString("reason")).isEqualTo("ok");
      assertThat(year1.getBoolean("allowed")).isFalse();
      assertThat(year1.getString("reason")).isEqualTo("not_authorized");
      assertThat(printer.getBoolean("allowed")).isTrue();
    }
  }

  @Nested
  @DisplayName("GET /settlement")
  class Settling {
    @Test
    @DisplayName("totals charges and reversals of the quarter, as JSON and as CSV with Accept: text/csv")
    void totals() {
      json(lab.post("/charge", chargeForm("nethzuser", "1.50")));
      String second = json(lab.post("/charge", chargeForm("erstsemester", "2.00"))).getString("charge_id");
      json(lab.post("/reverse", form("admin_username", "raplab", "admin_password", "verygeheim",
          "charge_id", second, "reason", "failed print")));
      String quarter = Quarter.of(LocalDate.now(Lab.ZONE)).toString();
      String auth = basic("raplab", "verygeheim");

      JsonObject settlement = json(lab.get("/settlement?service_name=3dprint&quarter=" + quarter, "Authorization", auth));
      HttpResponse<String> csv = lab.get("/settlement?service_name=3dprint&quarter=" + quarter,
          "Authorization", auth, "Accept", "text/csv");
      HttpResponse<String> foreign = lab.get("/settlement?service_name=vpp-print&quarter=" + quarter,
          "Authorization", auth);

      assertThat(settlement.getString("charged")).isEqualTo("3.50");
      assertThat(settlement.getString("reversed")).isEqualTo("2.00");
      assertThat(settlement.getString("net")).isEqualTo("1.50");
      assertThat(settlement.getString("paid_from_quota")).isEqualTo("0.00");
      assertThat(settlement.getString("paid_from_credit")).isEqualTo("1.50");
      assertThat(settlement.getJsonArray("lines")).hasSize(3);
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
      assertThat(csv.body().split("\r\n")).hasSize(1 + 3 + 6)
          .startsWith(SettlementCsv.HEADER)
          .anySatisfy(line -> assertThat(line).startsWith(",net,,,1.50,CHF,"));
      assertThat(foreign.statusCode()).isEqualTo(403);
    }
  }

  @Nested
  @DisplayName("failed admin logins")
  class RateLimit {
    @Test
    @DisplayName("after 5 failures for one admin name, the next login is 429 with Retry-After, even with the right password")
    void limitsPerName() {
      Map<String, String> wrong = chargeForm("nethzuser", "1.00");
      wrong.put("admin_password", "guess");
      for (int i = 0; i < 5; i++) {
        assertThat(lab.post("/charge", wrong).statusCode()).isEqualTo(401);
      }

      HttpResponse<String> limited = lab.post("/charge", chargeForm("nethzuser", "1.00"));
      Map<String, String> otherAdmin = chargeForm("nethzuser", "1.00");
      otherAdmin.put("admin_username", "vppadmin");
      otherAdmin.put("admin_password", "vppgeheim");
      otherAdmin.put("service_name", "vpp-print");

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).getString("error")).isEqualTo("too_many_login_failures");
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
      assertThat(lab.post("/charge", otherAdmin).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("wrong passwords for raplab from another address (127.0.0.2) do not lock raplab out here")
    void anotherAddressCannotLockAnAdminOut() throws Exception {
      Map<String, String> wrong = chargeForm("nethzuser", "1.00");
      wrong.put("admin_password", "guess");
      byte[] body = GatewayHarness.encode(wrong).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int refused = 0;
      for (int i = 0; i < 8; i++) {
        try (java.net.Socket socket = new java.net.Socket()) {
          socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
          socket.connect(new java.net.InetSocketAddress("127.0.0.1", lab.gateway.port()));
          socket.getOutputStream().write(("POST /charge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          socket.getOutputStream().write(body);
          refused += RawResponse.read(socket.getInputStream(), lab.uri("/charge")).statusCode() == 429 ? 1 : 0;
        }
      }

      HttpResponse<String> fromHere = lab.post("/charge", chargeForm("nethzuser", "1.00"));

      assertThat(refused).isEqualTo(3);
      assertThat(fromHere.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("90 case and width variants of one admin name share one count: the sixth attempt is 429")
    void caseVariantsShareOneCount() {
      int allowed = 0;
      for (String variant : LoginRateLimiterTest.variants("raplab", 90)) {
        Map<String, String> guess = chargeForm("nethzuser", "1.00");
        guess.put("admin_username", variant);
        guess.put("admin_password", "guess");
        int status = lab.post("/charge", guess).statusCode();
        allowed += status == 401 ? 1 : 0;
        assertThat(status).isIn(401, 429);
      }

      assertThat(allowed).isEqualTo(5);
    }

    @Test
    @DisplayName("failures from one client address across many admin names are limited per address")
    void limitsPerAddress() {
      try (GatewayHarness strict = GatewayHarness.start(s -> s.withLoginLimits(new LoginLimits(
          LoginLimit.parse("5/1m"), LoginLimit.parse("100/15m"), LoginLimit.parse("3/1m"))),
          HttpClient.newHttpClient())) {
        for (String name : java.util.List.of("a1", "a2", "a3")) {
          Map<String, String> guess = chargeForm("nethzuser", "1.00");
          guess.put("admin_username", name);
          assertThat(strict.post("/charge", guess).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> limited = strict.post("/charge", chargeForm("nethzuser", "1.00"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      }
    }
  }

  @Nested
  @DisplayName("logs and transport")
  class Transport {
    @Test
    @DisplayName("the access log has the path of a GET with credentials in the query, never the query or the password")
    void accessLogPathOnly() throws Exception {
      lab.get("/balance?admin_username=raplab&admin_password=verygeheim&username=nethzuser&get_amount_available=1");
      Thread.sleep(200); // the line is written when the response completes

      String log = Files.readString(Path.of("target/gateway-test.log"), StandardCharsets.UTF_8);

      assertThat(log).contains("\"GET /balance\" 200");
      assertThat(log).doesNotContain("verygeheim").doesNotContain("admin_password").doesNotContain("get_amount");
    }

    @Test
    @DisplayName("with a key store configured the gateway speaks HTTPS")
    void https(@TempDir Path certDir) throws Exception {
      TestCertificate certificate = TestCertificate.forLoopback(certDir);
      SSLContext tls = certificate.clientContext();

      try (GatewayHarness secure = GatewayHarness.start(s -> s.withKeyStore(certificate.keyStore(),
          ch.uncloud.api.Secret.of(certificate.password())), HttpClient.newBuilder().sslContext(tls).build())) {
        HttpResponse<String> response = secure.post("/charge", chargeForm("nethzuser", "1.00"));

        assertThat(secure.gateway.uri().getScheme()).isEqualTo("https");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).getString("balance")).isEqualTo("19.00");
      }
    }
  }
}
