package ch.uncloud.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Instant AT = Instant.parse("2024-05-03T10:15:30.123456789Z");

  private static Event lowBalance() {
    return new Event(EventId.derived("balance.below_threshold/e1/5.00"), EventType.BALANCE_BELOW_THRESHOLD, AT,
        Username.of("alice"), Map.of("threshold", "5.00", "balance", "4.50", "currency", "CHF", "entry", "e1",
            "service", "printer"));
  }

  @Test
  void derivedIdsAreStableAndDifferPerName() {
    assertThat(EventId.derived("entry.booked/e1")).isEqualTo(EventId.derived("entry.booked/e1"));
    assertThat(EventId.derived("entry.booked/e1")).isNotEqualTo(EventId.derived("entry.booked/e2"));
    assertThat(EventId.derived("x").value()).matches("evt_[0-9a-f-]{36}");
  }

  @Test
  void malformedIdsAreRefused() {
    assertThatThrownBy(() -> EventId.of("a b")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> EventId.of("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> EventId.of("x".repeat(129))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void anEventWithoutOneOfItsTypesFieldsIsRefused() {
    assertThatThrownBy(() -> new Event(EventId.of("e"), EventType.ACCOUNT_LOCKED, AT, Username.of("a"),
        Map.of("credit", "-1.00", "currency", "CHF", "entry", "e1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
  }

  @Test
  void theJsonFormIsCanonicalAndReadsBack() {
    Event event = lowBalance();
    assertThat(event.toJson()).isEqualTo("{\"id\":\"" + event.id() + "\",\"type\":\"balance.below_threshold\","
        + "\"occurred_at\":\"2024-05-03T10:15:30.123456Z\",\"account\":\"alice\",\"data\":{\"balance\":\"4.50\","
        + "\"currency\":\"CHF\",\"entry\":\"e1\",\"service\":\"printer\",\"threshold\":\"5.00\"}}");
    assertThat(Event.fromJson(event.toJson())).isEqualTo(event);
  }

  @Test
  void textWithQuotesControlCharactersAndUnicodeSurvivesTheRoundTrip() {
    Event event = new Event(EventId.of("e-1"), EventType.ENTRY_BOOKED, AT, Username.of("zoë"),
        Map.of("entry", "e1", "kind", "charge", "service", "print", "amount", "-1.00", "balance", "2.00",
            "currency", "CHF", "comment", "a \"quoted\"\\ line\nnext\u0001 \u2028 ✓"));
    assertThat(event.toJson()).doesNotContain("\n").contains("\\u0001");
    assertThat(Event.fromJson(event.toJson())).isEqualTo(event);
  }

  @Test
  void moneyFieldsReadWithTheEventsCurrency() {
    assertThat(lowBalance().money("balance")).isEqualTo(Money.of("4.50", "CHF"));
    assertThat(lowBalance().orderingKey()).isEqualTo("alice");
  }

  @Test
  void somethingThatIsNotAnEventIsRefusedClearly() {
    for (String bad : new String[] {"", "{}", "[1]", "{\"id\":\"x\"}", lowBalance().toJson() + "x",
        lowBalance().toJson().replace("balance.below_threshold", "nope"),
        "{\"id\":\"a\",\"id\":\"b\"}"}) {
      assertThatThrownBy(() -> Event.fromJson(bad)).as(bad).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("not an uncloud event");
    }
  }

  @Test
  void typesAreFoundByTheirCode() {
    for (EventType type : EventType.values()) {
      assertThat(EventType.fromCode(type.code())).isEqualTo(type);
    }
    assertThatThrownBy(() -> EventType.fromCode("entry.deleted")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("entry.booked");
  }

  @Test
  void deliveryResultsSayWhatHappened() {
    assertThat(DeliveryResult.delivered().isDelivered()).isTrue();
    assertThat(DeliveryResult.retry("HTTP 500").outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
    assertThat(DeliveryResult.park("no address").isDelivered()).isFalse();
  }
}
