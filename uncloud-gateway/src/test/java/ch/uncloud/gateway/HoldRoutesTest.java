package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.holdForm;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /hold, /capture, /release: the two-phase charge over HTTP")
class HoldRoutesTest {
  private GatewayHarness lab;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  @DisplayName("a hold lowers amount_available and may-start sees it; its capture books the charge once; a retry replays")
  void holdThenCapture() {
    JsonObject hold = json(lab.post("/hold", holdForm("nethzuser", "25.00", "job-1")));

    assertThat(hold.getString("state")).isEqualTo("open");
    assertThat(balance("nethzuser").getString("amount_available")).isEqualTo("-5.00");
    assertThat(balance("nethzuser").getBoolean("locked")).isFalse();
    assertThat(json(lab.get("/may-start?service_name=3dprint&username=nethzuser", "Authorization",
        basic("raplab", "verygeheim"))).getString("reason")).isEqualTo("insufficient_funds");
    int before = lab.entryCount();
    Map<String, String> capture = form("admin_username", "raplab", "admin_password", "verygeheim",
        "hold_id", hold.getString("hold_id"), "amount", "12.50", "currency", "CHF", "payment_comment", "12 minutes");
    JsonObject charged = json(lab.post("/capture", capture));
    HttpResponse<String> again = lab.post("/capture", capture);

    assertThat(charged.getString("balance")).isEqualTo("7.50");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(lab.entryCount()).isEqualTo(before + 1);
    assertThat(balance("nethzuser").getString("amount_available")).isEqualTo("7.50");
    assertThat(lab.post("/hold", holdForm("nethzuser", "25.00", "job-1")).headers().firstValue("Idempotent-Replayed"))
        .contains("true");
  }

  @Test
  @DisplayName("a release ends a hold unbooked; another service's hold answers like an unknown one; errors as /charge")
  void releaseAndErrors() {
    String id = json(lab.post("/hold", holdForm("nethzuser", "5.00", null))).getString("hold_id");
    Map<String, String> foreign = form("admin_username", "vppadmin", "admin_password", "vppgeheim", "hold_id", id);
    HttpResponse<String> stranger = lab.post("/release", foreign);
    HttpResponse<String> unknown = lab.post("/release", form("admin_username", "vppadmin", "admin_password",
        "vppgeheim", "hold_id", "no-such-hold"));

    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(json(stranger).getString("error")).isEqualTo("unknown_hold");
    assertThat(json(stranger).getString("message")).isEqualTo(json(unknown).getString("message").replace("no-such-hold", id));
    JsonObject released = json(lab.post("/release", form("admin_username", "raplab", "admin_password", "verygeheim",
        "hold_id", id)));
    assertThat(released.getString("state")).isEqualTo("released");
    HttpResponse<String> late = lab.post("/capture", form("admin_username", "raplab", "admin_password", "verygeheim",
        "hold_id", id, "amount", "1.00", "currency", "CHF"));
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(json(late).getString("error")).isEqualTo("hold_closed");
    HttpResponse<String> badExpiry = lab.post("/hold", withExpiry(holdForm("nethzuser", "1.00", null), "0"));
    assertThat(badExpiry.statusCode()).isEqualTo(400);
    HttpResponse<String> badPassword = lab.post("/hold", withPassword(holdForm("nethzuser", "1.00", null)));
    assertThat(badPassword.statusCode()).isEqualTo(401);
    HttpResponse<String> beyondLimit = lab.post("/hold", holdForm("schuldner", "1.00", null));
    assertThat(beyondLimit.statusCode()).isEqualTo(402);
    assertThat(json(beyondLimit).getString("limit")).isEqualTo("5.00");
  }

  private JsonObject balance(String user) {
    return json(lab.get("/balance?username=" + user, "Authorization", basic("raplab", "verygeheim")));
  }

  private static Map<String, String> withExpiry(Map<String, String> fields, String seconds) {
    fields.put("expires_in_seconds", seconds);
    return fields;
  }

  private static Map<String, String> withPassword(Map<String, String> fields) {
    fields.put("admin_password", "wrong");
    return fields;
  }
}
