package ch.uncloud.gateway;

import static ch.uncloud.gateway.GatewayHarness.basic;
import static ch.uncloud.gateway.GatewayHarness.form;
import static ch.uncloud.gateway.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.core.EventDispatcher;
import ch.uncloud.core.UncloudCore;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The admin API's parked events: listed and sent again by readers only")
class AdminEventsApiTest {
  private static final String READER = basic(Lab.READER, Lab.READER_PASSWORD);
  private static final String RAPLAB = basic("raplab", "verygeheim");

  GatewayHarness lab;
  EventDispatcher dispatcher;

  @BeforeEach
  void start() {
    lab = GatewayHarness.start();
    dispatcher = ((UncloudCore) lab.backend.uncloud()).eventDispatcher().orElseThrow();
    lab.backend.audit().answer(e -> e.data().getOrDefault("comment", "").equals("PLA print")
        ? DeliveryResult.park("receiver gone") : DeliveryResult.delivered());
    assertThat(lab.post("/charge", GatewayHarness.chargeForm("nethzuser", "1.50")).statusCode()).isEqualTo(200);
    while (dispatcher.runOnce() > 0) {
      // deliver and park
    }
  }

  @AfterEach
  void stop() {
    dispatcher.close();
    lab.close();
  }

  @Test
  @DisplayName("a reader lists the parked event with its delivery history and the event as webhooks get it, then sends it again")
  void listAndResend() {
    HttpResponse<String> listed = lab.get("/admin/v1/parked-events", "Authorization", READER);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    JsonObject parked = json(listed).getJsonArray("events").getJsonObject(0);
    assertThat(json(listed).getJsonArray("events")).hasSize(1);
    assertThat(parked.getString("sink")).isEqualTo("audit");
    assertThat(parked.getInt("attempts")).isEqualTo(1);
    assertThat(parked.getString("last_error")).isEqualTo("receiver gone");
    JsonObject event = parked.getJsonObject("event");
    assertThat(event.getString("type")).isEqualTo("entry.booked");
    assertThat(event.getString("account")).isEqualTo("nethzuser");
    assertThat(event.getJsonObject("data").getString("amount")).isEqualTo("-1.50");

    lab.backend.audit().answer(e -> DeliveryResult.delivered());
    HttpResponse<String> resent = lab.post("/admin/v1/parked-events/" + event.getString("id") + "/resend",
        form("sink", "audit"), "Authorization", READER);
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
    assertThat(json(resent).getJsonObject("event").getString("id")).isEqualTo(event.getString("id"));
    dispatcher.runOnce();

    assertThat(json(lab.get("/admin/v1/parked-events", "Authorization", READER)).getJsonArray("events")).isEmpty();
    assertThat(lab.backend.audit().delivered()).anySatisfy(e -> assertThat(e.id().value()).isEqualTo(event.getString("id")));
  }

  @Test
  @DisplayName("an owner of a service may not see them (403), and an event that is not parked is unknown_event (404)")
  void readersOnly() {
    HttpResponse<String> owner = lab.get("/admin/v1/parked-events", "Authorization", RAPLAB);
    HttpResponse<String> unknown = lab.post("/admin/v1/parked-events/evt_none/resend", form("sink", "audit"),
        "Authorization", READER);

    assertThat(owner.statusCode()).isEqualTo(403);
    assertThat(json(owner).getString("error")).isEqualTo("not_permitted");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).getString("error")).isEqualTo("unknown_event");
  }
}
