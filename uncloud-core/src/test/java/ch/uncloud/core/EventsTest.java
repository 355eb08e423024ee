package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.events.DeliveryResult;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.events.ParkedEvent;
import ch.uncloud.testkit.InMemoryEventSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventsTest {
  private static final String USER = "nethzuser";

  private static LabFixture lab(InMemoryEventSink... sinks) {
    return new LabFixture(b -> {
      for (InMemoryEventSink sink : sinks) {
        b.eventSink(sink);
      }
      b.events(EventSettings.defaults().withThresholds(List.of(new BigDecimal("5.00"), new BigDecimal("0.00"))));
      b.readers("bursar");
    });
  }

  private static EventDispatcher dispatcher(LabFixture lab) {
    return ((UncloudCore) lab.uncloud).eventDispatcher().orElseThrow();
  }

  /** Runs rounds until nothing is due at the clock's time. */
  private static void drain(EventDispatcher dispatcher) {
    for (int i = 0; i < 100 && dispatcher.runOnce() > 0; i++) {
      // deliver what is due
    }
  }

  @Test
  void withoutASubscriberBookingsKeepNoEventsAndThereIsNoDispatcher() {
    try (LabFixture lab = new LabFixture()) {
      lab.deposit(USER, "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "20.00"));

      assertThat(lab.ledger.inMemoryOutbox().size()).isZero();
      assertThat(((UncloudCore) lab.uncloud).eventDispatcher()).isEmpty();
      assertThatThrownBy(() -> lab.uncloud.events()).isInstanceOf(ch.uncloud.api.ConfigurationException.class);
    }
  }

  @Test
  void aBalanceBelowThenAboveThenBelowAThresholdGivesExactlyTwoThresholdEvents() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "6.00")); // 4.00: below 5.00
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "1.00")); // 3.00: still below, no new event
      lab.deposit(USER, "3.00"); // 6.00: back above
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "2.00")); // 4.00: below again
      drain(dispatcher(lab));

      List<Event> crossings = sink.delivered(EventType.BALANCE_BELOW_THRESHOLD);
      assertThat(crossings).hasSize(2).allSatisfy(e -> {
        assertThat(e.data()).containsEntry("threshold", "5.00").containsEntry("currency", "CHF")
            .containsEntry("service", "3dprint");
        assertThat(e.money("balance")).isEqualTo(Money.of("4.00", "CHF"));
        assertThat(e.account()).isEqualTo(Username.of(USER));
      });
      assertThat(sink.delivered(EventType.ENTRY_BOOKED)).hasSize(5);
      assertThat(sink.delivered(EventType.ACCOUNT_LOCKED)).isEmpty();
    }
  }

  @Test
  void lockAndUnlockEventsFollowTheLockPolicysFlag() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "1.00");
      Charge debt = lab.credit.chargeUser(lab.raplab(), lab.print(USER, "3.00")); // -2.00: locked
      assertThat(debt.locked()).isTrue();
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "1.00")); // still locked: no second event
      lab.deposit(USER, "3.00"); // 0.00: unlocked
      drain(dispatcher(lab));

      assertThat(sink.delivered()).filteredOn(e -> e.type() == EventType.ACCOUNT_LOCKED
              || e.type() == EventType.ACCOUNT_UNLOCKED)
          .extracting(Event::type, e -> e.data().get("credit"))
          .containsExactly(org.assertj.core.groups.Tuple.tuple(EventType.ACCOUNT_LOCKED, "-2.00"),
              org.assertj.core.groups.Tuple.tuple(EventType.ACCOUNT_UNLOCKED, "0.00"));
      assertThat(sink.delivered(EventType.ACCOUNT_LOCKED).get(0).data()).containsEntry("entry", debt.id().value());
      // the deposit of 1.00 started below 5.00 (no crossing); 1.00 -> -2.00 crossed 0.00
      assertThat(sink.delivered(EventType.BALANCE_BELOW_THRESHOLD)).extracting(e -> e.data().get("threshold"))
          .containsExactly("0.00");
    }
  }

  @Test
  void aChangeThatDidNotCommitIsNeverAnnounced() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = new LabFixture(b -> b.eventSink(sink).defaultCreditLimit("0.00"))) {
      lab.deposit(USER, "1.00");
      assertThatThrownBy(() -> lab.credit.chargeUser(lab.raplab(), lab.print(USER, "5.00")))
          .isInstanceOf(InsufficientFundsException.class);
      lab.ledger.failNextPosts(1);
      assertThatThrownBy(() -> lab.credit.chargeUser(lab.raplab(), lab.print(USER, "0.50")))
          .isInstanceOf(ProviderUnavailableException.class);
      drain(dispatcher(lab));

      assertThat(sink.delivered()).extracting(Event::type).containsExactly(EventType.ENTRY_BOOKED);
      assertThat(sink.delivered().get(0).data()).containsEntry("kind", "deposit");
    }
  }

  @Test
  void eachAccountsEventsArriveInOrderAndAFailureRetriesWithBackoffWithoutHoldingUpOthers() {
    InMemoryEventSink sink = InMemoryEventSink.named("hook");
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "10.00");
      lab.deposit("physiker", "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "1.00"));
      EventDispatcher dispatcher = dispatcher(lab);
      sink.answer(e -> e.account().value().equals(USER) ? DeliveryResult.retry("HTTP 503") : DeliveryResult.delivered());

      drain(dispatcher);
      assertThat(sink.delivered()).extracting(e -> e.account().value()).containsExactly("physiker");
      assertThat(sink.attempts()).filteredOn(e -> e.account().value().equals(USER)).hasSize(1);

      lab.clock.advance(Duration.ofSeconds(9));
      drain(dispatcher);
      assertThat(sink.attempts()).as("not before 10 s").filteredOn(e -> e.account().value().equals(USER)).hasSize(1);
      lab.clock.advance(Duration.ofSeconds(1));
      drain(dispatcher);
      assertThat(sink.attempts()).filteredOn(e -> e.account().value().equals(USER)).hasSize(2);
      lab.clock.advance(Duration.ofSeconds(19));
      drain(dispatcher);
      assertThat(sink.attempts()).as("then 20 s").filteredOn(e -> e.account().value().equals(USER)).hasSize(2);

      sink.answer(e -> DeliveryResult.delivered());
      lab.clock.advance(Duration.ofSeconds(1));
      drain(dispatcher);
      List<Event> users = sink.delivered().stream().filter(e -> e.account().value().equals(USER)).toList();
      assertThat(users).extracting(e -> e.data().get("kind")).containsExactly("deposit", "charge");
      assertThat(users).doesNotHaveDuplicates();
    }
  }

  @Test
  void aDeliveryThatFailsForTheWholeRetryPeriodIsParkedListedAndSentAgainOnRequest() {
    InMemoryEventSink sink = InMemoryEventSink.named("hook", java.util.Set.of(EventType.ENTRY_BOOKED));
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "10.00");
      EventDispatcher dispatcher = dispatcher(lab);
      sink.answer(e -> DeliveryResult.retry("HTTP 500"));
      for (int hour = 0; hour <= 73; hour++) {
        drain(dispatcher);
        lab.clock.advance(Duration.ofHours(1));
      }
      int attempts = sink.attempts().size();
      assertThat(attempts).as("10 s doubling to 1 h over 3 days").isBetween(70, 90);

      List<ParkedEvent> parked = lab.uncloud.events().parked(lab.bursar());
      assertThat(parked).singleElement().satisfies(p -> {
        assertThat(p.sink()).isEqualTo("hook");
        assertThat(p.lastError()).isEqualTo("HTTP 500");
        assertThat(p.attempts()).isEqualTo(attempts);
        assertThat(Duration.between(p.firstFailure(), p.lastAttempt())).isGreaterThanOrEqualTo(Duration.ofDays(3));
      });
      drain(dispatcher);
      assertThat(sink.attempts()).as("parked: no more attempts").hasSize(attempts);

      assertThatThrownBy(() -> lab.uncloud.events().parked(lab.raplab())).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> lab.uncloud.events().resend("other", parked.get(0).event().id()))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_event");
      sink.answer(e -> DeliveryResult.delivered());
      lab.uncloud.events().resend(lab.bursar(), "hook", parked.get(0).event().id());
      drain(dispatcher);

      assertThat(sink.delivered()).containsExactly(parked.get(0).event());
      assertThat(lab.uncloud.events().parked()).isEmpty();
    }
  }

  @Test
  void aSinkThatSaysItCanNeverSucceedIsParkedAtOnceAndLaterEventsOfTheAccountGoOn() {
    InMemoryEventSink sink = InMemoryEventSink.named("mail");
    try (LabFixture lab = lab(sink)) {
      sink.answer(e -> e.data().get("kind") != null && e.data().get("kind").equals("deposit")
          ? DeliveryResult.park("no address") : DeliveryResult.delivered());
      lab.deposit(USER, "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "1.00"));
      drain(dispatcher(lab));

      assertThat(lab.uncloud.events().parked()).extracting(p -> p.event().data().get("kind")).containsExactly("deposit");
      assertThat(sink.delivered()).extracting(e -> e.data().get("kind")).containsExactly("charge");
    }
  }

  @Test
  void aHoldThatExpiresIsAnnouncedOnceAndACapturedOneNever() {
    InMemoryEventSink sink = InMemoryEventSink.named("holds", java.util.Set.of(EventType.HOLD_EXPIRED));
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "10.00");
      EventDispatcher dispatcher = dispatcher(lab);
      drain(dispatcher); // the first round marks where announcing expired holds starts
      ServiceName print = ServiceName.of("3dprint");
      var expiring = lab.credit.reserve(lab.raplab(), new HoldRequest(print, Username.of(USER), Money.of("2.00", "CHF"),
          Duration.ofMinutes(30), "laser job", null));
      var captured = lab.credit.reserve(lab.raplab(), new HoldRequest(print, Username.of(USER), Money.of("1.00", "CHF"),
          Duration.ofMinutes(30), "print job", null));
      lab.credit.capture(lab.raplab(), captured.id(), Money.of("1.00", "CHF"), "printed");

      lab.clock.advance(Duration.ofMinutes(29));
      drain(dispatcher);
      assertThat(sink.delivered()).isEmpty();
      lab.clock.advance(Duration.ofMinutes(2));
      drain(dispatcher);
      lab.clock.advance(Duration.ofMinutes(5));
      drain(dispatcher);

      assertThat(sink.delivered()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.HOLD_EXPIRED);
        assertThat(e.data()).containsEntry("hold", expiring.id().value()).containsEntry("amount", "2.00")
            .containsEntry("service", "3dprint").containsEntry("expires_at", expiring.expiresAt().toString());
      });
    }
  }

  @Test
  @DisplayName("a hold that expired before the dispatcher's first round (the gateway was down) is announced, once, also across a restart")
  void aHoldThatExpiredBeforeTheFirstRoundIsAnnouncedOnce() {
    InMemoryEventSink sink = InMemoryEventSink.named("holds", java.util.Set.of(EventType.HOLD_EXPIRED));
    try (LabFixture lab = lab(sink)) {
      lab.deposit(USER, "10.00");
      var expiring = lab.credit.reserve(lab.raplab(), new HoldRequest(ServiceName.of("3dprint"), Username.of(USER),
          Money.of("2.00", "CHF"), Duration.ofMinutes(30), "laser job", null));
      lab.clock.advance(Duration.ofHours(2));

      drain(dispatcher(lab));
      lab.clock.advance(Duration.ofMinutes(5));
      drain(dispatcher(lab)); // another dispatcher on the same outbox, as after a restart

      assertThat(sink.delivered()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.HOLD_EXPIRED);
        assertThat(e.data()).containsEntry("hold", expiring.id().value());
      });
    }
  }

  private static LabFixture configured(InMemoryEventSink sink, java.util.Map<String, String> keys) {
    ch.uncloud.core.internal.EventConfiguration config =
        new ch.uncloud.core.internal.EventConfiguration(ch.uncloud.spi.ProviderConfig.of(keys));
    assertThat(config.problems()).isEmpty();
    return new LabFixture(b -> b.eventSink(sink).events(config.settings()));
  }

  private static ch.uncloud.api.credit.ChargeRequest vppPrint(String amount) {
    return ch.uncloud.api.credit.ChargeRequest.of("vpp-print", USER, amount, "CHF", "A4 colour");
  }

  @Test
  void aServicesThresholdIsAnnouncedOnlyWhenThatServicesEntryTakesTheBalanceBelowItOncePerCrossing() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = configured(sink, java.util.Map.of("uncloud.events.thresholds", "0.00",
        "uncloud.events.service.3dprint.thresholds", "5.00"))) {
      lab.deposit(USER, "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "6.00")); // 4.00: 3dprint crossed 5.00
      lab.deposit(USER, "3.00"); // 7.00: back above
      lab.credit.chargeUser(lab.vppadmin(), vppPrint("3.00")); // 4.00: crossed by vpp-print, not 3dprint
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "1.00")); // 3.00: 3dprint, but already below
      lab.deposit(USER, "4.00"); // 7.00: back above
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "3.00")); // 4.00: 3dprint crossed 5.00 again
      lab.credit.chargeUser(lab.vppadmin(), vppPrint("6.00")); // -2.00: the global 0.00, by vpp-print
      drain(dispatcher(lab));

      List<Event> crossings = sink.delivered(EventType.BALANCE_BELOW_THRESHOLD);
      assertThat(crossings).extracting(e -> e.data().get("threshold"), e -> e.data().get("service"),
              e -> e.data().get("scope"), e -> e.data().get("balance"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("5.00", "3dprint", "service", "4.00"),
              org.assertj.core.groups.Tuple.tuple("5.00", "3dprint", "service", "4.00"),
              org.assertj.core.groups.Tuple.tuple("0.00", "vpp-print", "all", "-2.00"));
      assertThat(crossings).extracting(Event::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void anAccountsOwnThresholdsReplaceTheGlobalOnesForItAndFireOncePerCrossing() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = configured(sink, java.util.Map.of("uncloud.events.thresholds", "5.00",
        "uncloud.events.account.nethzuser.thresholds", "20.00"))) {
      lab.deposit(USER, "30.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "15.00")); // 15.00: below 20.00
      lab.deposit(USER, "10.00"); // 25.00: back above
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "10.00")); // 15.00: below 20.00 again
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "12.00")); // 3.00: the global 5.00 is not this account's
      lab.deposit("schuldner", "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print("schuldner", "6.00")); // 4.00: another account, global 5.00
      drain(dispatcher(lab));

      assertThat(sink.delivered(EventType.BALANCE_BELOW_THRESHOLD))
          .extracting(e -> e.account().value(), e -> e.data().get("threshold"), e -> e.data().get("scope"))
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(USER, "20.00", "account"),
              org.assertj.core.groups.Tuple.tuple(USER, "20.00", "account"),
              org.assertj.core.groups.Tuple.tuple("schuldner", "5.00", "all"));
    }
  }

  @Test
  void aThresholdInBothTheServicesAndTheGlobalListIsAnnouncedOnceAsTheServices() {
    InMemoryEventSink sink = InMemoryEventSink.named("all");
    try (LabFixture lab = configured(sink, java.util.Map.of("uncloud.events.thresholds", "5.00,0.00",
        "uncloud.events.service.3dprint.thresholds", "5.0"))) {
      lab.deposit(USER, "10.00");
      lab.credit.chargeUser(lab.raplab(), lab.print(USER, "6.00"));
      drain(dispatcher(lab));

      assertThat(sink.delivered(EventType.BALANCE_BELOW_THRESHOLD)).singleElement()
          .satisfies(e -> assertThat(e.data()).containsEntry("scope", "service").containsEntry("service", "3dprint"));
    }
  }

  @Test
  void badPerServiceAndPerAccountThresholdKeysAreReportedByName() {
    ch.uncloud.core.internal.EventConfiguration config = new ch.uncloud.core.internal.EventConfiguration(
        ch.uncloud.spi.ProviderConfig.of(java.util.Map.of(
            "uncloud.events.service.3dprint.thresholds", "5.00,five",
            "uncloud.events.account.nethzuser.threshold", "5.00")));

    assertThat(config.problems()).containsExactlyInAnyOrder(
        "uncloud.events.service.3dprint.thresholds: 'five' is not an amount; write e.g. 5.00,0.00",
        "uncloud.events.account.nethzuser.threshold is not a key uncloud knows; write "
            + "uncloud.events.account.NAME.thresholds");
  }
}
