package ch.uncloud.core;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.TestClock;
import java.time.ZoneId;
import java.util.Currency;

/** The lab of the credit service tests: the contract directory, an in-memory ledger, four services. */
final class LabFixture implements AutoCloseable {
  static final String ARCH_FROM_SECOND_YEAR = "(&(departmentNumber=D-ARCH)(studyYear>=2))";

  final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
  final InMemoryLedger ledger = InMemoryLedger.create();
  final InMemoryAccountDirectory directory = InMemoryAccountDirectory.withContractFixture();
  final Uncloud uncloud;
  final CreditService credit;

  LabFixture() {
    this(builder -> { });
  }

  /** @param extra more settings for the core, e.g. a credit limit */
  LabFixture(java.util.function.Consumer<UncloudBuilder> extra) {
    UncloudBuilder builder = UncloudCore.builder()
        .ledger(ledger)
        .directory(directory)
        .clock(clock)
        .currency(Currency.getInstance("CHF"))
        .zone(ZoneId.of("Europe/Zurich"))
        .admin("raplab", Secret.of("verygeheim"))
        .admin("vppadmin", Secret.of("vppgeheim"))
        .admin("bursar", Secret.of("bursargeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00")
            .accessFilter(ARCH_FROM_SECOND_YEAR).build())
        .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("100.00").build())
        .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build());
    extra.accept(builder);
    uncloud = builder.build();
    credit = uncloud.credit();
  }

  AdminSession raplab() {
    return credit.authenticate("raplab", Secret.of("verygeheim"));
  }

  AdminSession vppadmin() {
    return credit.authenticate("vppadmin", Secret.of("vppgeheim"));
  }

  AdminSession bursar() {
    return credit.authenticate("bursar", Secret.of("bursargeheim"));
  }

  void deposit(String user, String amount) {
    credit.deposit(bursar(), DepositRequest.of(user, amount, "CHF", "cash at the desk"));
  }

  ChargeRequest print(String user, String amount) {
    return ChargeRequest.of("3dprint", user, amount, "CHF", "PLA print");
  }

  @Override
  public void close() {
    uncloud.close();
  }
}
