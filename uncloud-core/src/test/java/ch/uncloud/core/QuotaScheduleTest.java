package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.QuotaPeriod;
import ch.uncloud.core.internal.CreditConfiguration;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuotaScheduleTest {
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private final TestClock clock = TestClock.at("2026-09-30T20:30:00Z");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.create()
      .addUser("alice", "alicegeheim", Map.of()).addUser("bob", "bobgeheim", Map.of())
      .addToGroup("staff", "alice").addToGroup("staff", "bob");

  private UncloudCore uncloud;

  /** Builds the core once per test (closing it closes the ledger). */
  private UncloudCore core(QuotaInterval interval) {
    uncloud = UncloudCore.builder().ledger(ledger).directory(directory).clock(clock)
        .quotaGrant(new QuotaGrant("monthly", "staff", chf("5.00"), chf("5.00"), QuotaPeriod.MONTH,
            ServiceName.of("quota")))
        .quotaSchedule(interval).build();
    return uncloud;
  }

  private QuotaSchedule hourly() {
    return core(QuotaInterval.parse("PT1H")).quotaSchedule().orElseThrow();
  }

  @AfterEach
  void close() {
    if (uncloud != null) {
      uncloud.close();
    }
  }

  @Test
  @DisplayName("hourly ticks across a month boundary grant exactly once per month and member, as uncloud-schedule")
  void ticksAcrossPeriodBoundaryGrantOncePerPeriod() {
    QuotaSchedule schedule = hourly();

    for (int i = 0; i < 12; i++) { // 20:30 on 30 September to 08:00 on 1 October, every half hour
      schedule.tick();
      clock.advance(Duration.ofMinutes(30));
    }

    for (Username user : List.of(ALICE, BOB)) {
      assertThat(grantKeys(user)).containsExactly("quota-grant:monthly:2026-09:" + user.value(),
          "quota-grant:monthly:2026-10:" + user.value());
      assertThat(ledger.entries(user)).allSatisfy(e -> assertThat(e.principal()).isEqualTo("uncloud-schedule"));
      assertThat(uncloud.credit().status(user).quota()).isEqualTo(chf("5.00"));
    }
  }

  @Test
  @DisplayName("a tick before the interval has passed does not run, one after it does")
  void tickRunsOnlyWhenDue() {
    QuotaSchedule schedule = hourly();

    assertThat(schedule.tick()).isTrue();
    clock.advance(Duration.ofMinutes(59));
    assertThat(schedule.tick()).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(schedule.tick()).isTrue();
  }

  @Test
  @DisplayName("a run that fails because the directory is down is logged and the next tick runs it")
  void directoryFailureDoesNotStopLaterTicks() {
    QuotaSchedule schedule = hourly();
    directory.failNextReads(1);

    assertThat(schedule.tick()).isFalse();
    assertThat(ledger.entries(ALICE)).isEmpty();

    assertThat(schedule.tick()).isTrue();
    assertThat(grantKeys(ALICE)).containsExactly("quota-grant:monthly:2026-09:alice");
  }

  @Test
  @DisplayName("a daily schedule runs again at the start of the next day in the core's zone")
  void dailyRunsAtTheStartOfTheNextDay() {
    QuotaSchedule schedule = core(QuotaInterval.daily()).quotaSchedule().orElseThrow();

    assertThat(schedule.tick()).isTrue();
    clock.set(Instant.parse("2026-09-30T23:59:00Z"));
    assertThat(schedule.tick()).isFalse();
    clock.set(Instant.parse("2026-10-01T00:00:00Z"));
    assertThat(schedule.tick()).isTrue();
    assertThat(grantKeys(ALICE)).hasSize(2);
  }

  @Test
  @DisplayName("without uncloud.quota.schedule there is no schedule")
  void offByDefault() {
    assertThat(core(null).quotaSchedule()).isEmpty();
  }

  @Test
  @DisplayName("uncloud.quota.schedule takes an ISO-8601 duration or daily; anything else is named by its key")
  void configuration() {
    assertThat(QuotaInterval.parse("PT1H").every()).isEqualTo(Duration.ofHours(1));
    assertThat(QuotaInterval.parse("daily")).isEqualTo(QuotaInterval.daily());
    assertThat(problems("hourly")).singleElement().satisfies(p -> assertThat(p)
        .startsWith("uncloud.quota.schedule: 'hourly' is neither an ISO-8601 duration such as PT1H nor daily"));
    assertThat(problems("PT0S")).singleElement().satisfies(p -> assertThat(p)
        .startsWith("uncloud.quota.schedule: ").contains("must be positive"));
    assertThat(problems("PT15M")).isEmpty();
    assertThat(new CreditConfiguration(ProviderConfig.of(Map.of("uncloud.quota.schedule", "daily")))
        .problems(UncloudCore.builder())).singleElement().satisfies(p -> assertThat(p)
        .contains("no grant is listed in uncloud.quota.grants"));
    assertThatThrownBy(() -> QuotaInterval.parse("-PT1H")).isInstanceOf(InvalidRequestException.class);
  }

  private static List<String> problems(String schedule) {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.quota.schedule", schedule,
        "uncloud.quota.grants", "monthly", "uncloud.quota.monthly.group", "staff",
        "uncloud.quota.monthly.amount", "5.00", "uncloud.quota.monthly.period", "month"));
    return new CreditConfiguration(config).problems(UncloudCore.builder());
  }

  private List<String> grantKeys(Username user) {
    return ledger.entries(user).stream().filter(e -> e.kind() == ch.uncloud.api.credit.EntryKind.DEPOSIT)
        .map(LedgerEntry::idempotencyKey).map(k -> k.value()).toList();
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }
}
