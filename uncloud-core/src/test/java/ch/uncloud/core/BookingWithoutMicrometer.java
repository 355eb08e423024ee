package ch.uncloud.core;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import java.time.Duration;
import java.util.Currency;
import java.util.concurrent.Callable;

/**
 * The core's booking path (a refusal a caller counts included) as a library user without Micrometer runs it; {@link CoreWithoutMicrometerTest}
 * loads this class in a class loader that has no Micrometer. Answers the balance and readiness it saw.
 */
public final class BookingWithoutMicrometer implements Callable<String> {
  @Override
  public String call() {
    try (Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture()).currency(Currency.getInstance("CHF"))
        .admin("raplab", Secret.of("verygeheim"))
        .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .build()) {
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      uncloud.credit().chargeUser(raplab, ChargeRequest.of("3dprint", "nethzuser", "4.20", "CHF", "job"));
      uncloud.credit().refusedBeforeCall("malformed_amount");
      return uncloud.credit().status(ch.uncloud.api.Username.of("nethzuser")).balance() + " ready="
          + uncloud.readiness(Duration.ofSeconds(2)).ready();
    }
  }
}
