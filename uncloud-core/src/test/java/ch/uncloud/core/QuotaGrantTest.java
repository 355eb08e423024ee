package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.QuotaGrantResult;
import ch.uncloud.api.credit.QuotaPeriod;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.internal.CreditConfiguration;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuotaGrantTest {
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private final TestClock clock = TestClock.at("2026-09-15T08:00:00Z");
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final InMemoryAccountDirectory directory = InMemoryAccountDirectory.create()
      .addUser("alice", "alicegeheim", Map.of()).addUser("bob", "bobgeheim", Map.of())
      .addUser("carol", "carolgeheim", Map.of())
      .addToGroup("arch-students", "alice").addToGroup("arch-students", "bob");
  private final UncloudCore uncloud = UncloudCore.builder()
      .ledger(ledger).directory(directory).clock(clock)
      .admin("raplab", Secret.of("verygeheim"))
      .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
      .service(ServiceDefinition.builder("deposits").owners("raplab").maxCharge("500.00").build())
      .quotaGrant(new QuotaGrant("semester", "arch-students", chf("20.00"), chf("30.00"), QuotaPeriod.SEMESTER,
          ServiceName.of("quota")))
      .build();
  private final CreditService credit = uncloud.credit();

  /** A fresh session: the tests move the clock past a session's hour. */
  private AdminSession admin() {
    return credit.authenticate("raplab", Secret.of("verygeheim"));
  }

  @AfterEach
  void close() {
    uncloud.close();
  }

  @Test
  @DisplayName("a grant books the amount into each member's quota pot, and a second run of the period books nothing")
  void grantIsIdempotentPerPeriod() {
    List<QuotaGrantResult> first = uncloud.quotaGrants().grant(admin(), null, false);
    List<QuotaGrantResult> again = uncloud.quotaGrants().grant(admin(), "HS2026", false);

    assertThat(first).singleElement().satisfies(r -> {
      assertThat(r.period()).isEqualTo("HS2026");
      assertThat(r.members()).isEqualTo(2);
      assertThat(r.booked()).isEqualTo(2);
      assertThat(r.granted()).isEqualTo(chf("40.00"));
    });
    assertThat(again).singleElement().satisfies(r -> {
      assertThat(r.booked()).isZero();
      assertThat(r.alreadyBooked()).isEqualTo(2);
    });
    assertThat(credit.status(ALICE).quota()).isEqualTo(chf("20.00"));
    assertThat(credit.status(ALICE).credit()).isEqualTo(chf("0.00"));
    assertThat(ledger.entries(ALICE)).hasSize(1);
  }

  @Test
  @DisplayName("a run interrupted halfway and run again books each member exactly once")
  void interruptedRunBooksEachMemberOnce() {
    uncloud.quotaGrants().grant(admin(), null, false);
    directory.addToGroup("arch-students", "carol"); // the run books alice and bob, then fails at carol
    ledger.failNextPosts(1);
    assertThatThrownBy(() -> uncloud.quotaGrants().grant(admin(), null, false))
        .isInstanceOf(ch.uncloud.api.ProviderUnavailableException.class);

    List<QuotaGrantResult> rerun = uncloud.quotaGrants().grant(admin(), null, false);

    assertThat(rerun.get(0).booked()).isEqualTo(1);
    assertThat(rerun.get(0).alreadyBooked()).isEqualTo(2);
    assertThat(ledger.entries(Username.of("carol"))).hasSize(1);
    assertThat(ledger.entries(ALICE)).hasSize(1);
  }

  @Test
  @DisplayName("a dry run reports what it would book and books nothing")
  void dryRunBooksNothing() {
    List<QuotaGrantResult> dry = uncloud.quotaGrants().grant(admin(), null, true);

    assertThat(dry.get(0).dryRun()).isTrue();
    assertThat(dry.get(0).booked()).isEqualTo(2);
    assertThat(dry.get(0).granted()).isEqualTo(chf("40.00"));
    assertThat(ledger.size()).isZero();
  }

  @Test
  @DisplayName("quota is spent before paid credit, and debt on paid credit locks even when quota is left")
  void quotaFirstAndLockOnCreditOnly() {
    credit.deposit(admin(), ch.uncloud.api.credit.DepositRequest.of("alice", "5.00", "CHF", "cash"));
    uncloud.quotaGrants().grant(admin(), null, false);

    credit.chargeUser(admin(), ChargeRequest.of("3dprint", "alice", "22.00", "CHF", "print"));
    assertThat(credit.status(ALICE).quota()).isEqualTo(chf("0.00"));
    assertThat(credit.status(ALICE).credit()).isEqualTo(chf("3.00"));
    assertThat(credit.status(ALICE).locked()).isFalse();

    credit.chargeUser(admin(), ChargeRequest.of("3dprint", "alice", "4.00", "CHF", "print"));
    clock.set(Instant.parse("2027-02-02T08:00:00Z"));
    uncloud.quotaGrants().grant(admin(), null, false);

    assertThat(credit.status(ALICE).quota()).isEqualTo(chf("20.00"));
    assertThat(credit.status(ALICE).credit()).isEqualTo(chf("-1.00"));
    assertThat(credit.status(ALICE).balance()).isEqualTo(chf("19.00"));
    assertThat(credit.status(ALICE).locked()).isTrue();
  }

  @Test
  @DisplayName("at the end of its period what is left of a grant lapses from the quota pot, never from paid credit")
  void expiredGrantLapsesOnlyQuota() {
    credit.deposit(admin(), ch.uncloud.api.credit.DepositRequest.of("bob", "10.00", "CHF", "cash"));
    uncloud.quotaGrants().grant(admin(), null, false);
    credit.chargeUser(admin(), ChargeRequest.of("3dprint", "bob", "7.50", "CHF", "print"));
    clock.set(Instant.parse("2027-02-01T08:00:00Z"));

    List<QuotaGrantResult> spring = uncloud.quotaGrants().grant(admin(), null, false);

    assertThat(spring.get(0).period()).isEqualTo("FS2027");
    assertThat(spring.get(0).lapsed()).isEqualTo(chf("12.50").plus(chf("20.00")));
    assertThat(credit.status(BOB).quota()).isEqualTo(chf("20.00"));
    assertThat(credit.status(BOB).credit()).isEqualTo(chf("10.00"));
    assertThat(uncloud.quotaGrants().grant(admin(), null, false).get(0).lapsed()).isEqualTo(chf("0.00"));
  }

  @Test
  @DisplayName("a member granted by a semester and a monthly grant, month after month, never holds more quota than the cap")
  void capHoldsAcrossGrantsAndPeriods() {
    try (UncloudCore twoGrants = UncloudCore.builder().ledger(ledger).directory(directory).clock(clock)
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .quotaGrant(new QuotaGrant("semester", "arch-students", chf("20.00"), chf("30.00"), QuotaPeriod.SEMESTER,
            ServiceName.of("quota")))
        .quotaGrant(new QuotaGrant("monthly", "arch-students", chf("20.00"), chf("30.00"), QuotaPeriod.MONTH,
            ServiceName.of("quota")))
        .build()) {
      List<Money> quotaAfterEachRun = new java.util.ArrayList<>();
      for (String day : List.of("2026-09-15", "2026-10-01", "2026-11-03", "2026-11-20")) {
        clock.set(Instant.parse(day + "T08:00:00Z"));
        AdminSession admin = twoGrants.credit().authenticate("raplab", Secret.of("verygeheim"));
        twoGrants.quotaGrants().grant(admin, null, false);
        twoGrants.quotaGrants().grant(admin, null, false);
        quotaAfterEachRun.add(twoGrants.credit().status(ALICE).quota());
        twoGrants.credit().chargeUser(admin, ChargeRequest.of("3dprint", "alice", "4.00", "CHF", "print"));
      }

      // monthly (granted first, so spent first) and semester fill the pot to the cap in September; each
      // month the last month's remainder lapses and the new month tops up to at most the cap
      assertThat(quotaAfterEachRun).allSatisfy(q -> assertThat(q).isLessThanOrEqualTo(chf("30.00")))
          .containsExactly(chf("30.00"), chf("30.00"), chf("26.00"), chf("22.00"));
    }
  }

  @Test
  @DisplayName("a grant whose group the directory cannot list is refused at start, naming the grant's key")
  void groupsThatCannotBeListedRefusedAtStart() {
    ch.uncloud.spi.AccountDirectory withoutGroups = new ListlessDirectory(directory);

    assertThatThrownBy(() -> UncloudCore.builder().ledger(ledger).directory(withoutGroups).clock(clock)
        .admin("raplab", Secret.of("verygeheim"))
        .quotaGrant(new QuotaGrant("semester", "arch-students", chf("20.00"), chf("30.00"), QuotaPeriod.SEMESTER,
            ServiceName.of("quota")))
        .build())
        .isInstanceOf(ch.uncloud.api.ConfigurationException.class)
        .hasMessageContaining("uncloud.quota.semester.group=arch-students")
        .hasMessageContaining("cannot list the members of a group");
  }

  @Test
  @DisplayName("a period that has not started yet is refused and books nothing")
  void periodNotStartedIsRefused() {
    uncloud.quotaGrants().grant(admin(), "HS2026", false);
    clock.set(Instant.parse("2027-01-20T08:00:00Z"));

    assertThatThrownBy(() -> uncloud.quotaGrants().grant(admin(), "FS2027", false))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("starts on 2027-02-01");
    assertThat(credit.status(ALICE).quota()).isEqualTo(chf("20.00"));
  }

  @Test
  @DisplayName("a period of no configured grant's kind, or a malformed one, is invalid_argument")
  void unknownPeriodIsRefused() {
    assertThatThrownBy(() -> uncloud.quotaGrants().grant(admin(), "2026-Q3", false))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errorCode()).isEqualTo("invalid_argument"));
    assertThatThrownBy(() -> uncloud.quotaGrants().grant(admin(), "HS26", false))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("semesters are FS (February to July) and HS (August to January); quarters and months are the calendar's")
  void periods() {
    assertThat(QuotaPeriod.SEMESTER.of(LocalDate.parse("2027-01-31")).label()).isEqualTo("HS2026");
    assertThat(QuotaPeriod.SEMESTER.of(LocalDate.parse("2027-02-01")).label()).isEqualTo("FS2027");
    assertThat(QuotaPeriod.SEMESTER.parse("HS2026").end()).isEqualTo(LocalDate.parse("2027-02-01"));
    assertThat(QuotaPeriod.QUARTER.of(LocalDate.parse("2026-09-30")).label()).isEqualTo("2026-Q3");
    assertThat(QuotaPeriod.MONTH.parse("2026-03").end()).isEqualTo(LocalDate.parse("2026-04-01"));
  }

  @Test
  @DisplayName("grants come from uncloud.quota.* keys; a bad definition is reported with its key")
  void configuration() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.quota.grants", "semester, monthly",
        "uncloud.quota.semester.group", "arch-students",
        "uncloud.quota.semester.amount", "20.00",
        "uncloud.quota.semester.cap", "30.00",
        "uncloud.quota.semester.period", "semester",
        "uncloud.quota.monthly.group", "staff",
        "uncloud.quota.monthly.amount", "-5",
        "uncloud.quota.monthly.period", "fortnight"));

    List<String> problems = new CreditConfiguration(config).problems(UncloudCore.builder());

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("uncloud.quota.monthly.period")
        .contains("semester, quarter or month"));
    assertThat(problems).noneSatisfy(p -> assertThat(p).contains("uncloud.quota.semester"));
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }

  /** A directory that answers everything but cannot list a group (the SPI's default). */
  private static final class ListlessDirectory extends ForwardingDirectory {
    ListlessDirectory(ch.uncloud.spi.AccountDirectory delegate) {
      super(delegate);
    }
  }
}
