package ch.uncloud.gateway;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.core.UncloudBuilder;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.InMemoryShopStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab the gateway tests run against: the demo's admins, services, users and seed balances (as
 * {@code uncloud serve --demo} has them), built with the core's builder on the testkit's in-memory
 * ledger, directory and shop store, so the gateway is tested without any provider.
 *
 * @param uncloud the services
 * @param ledger the ledger behind them
 * @param directory the directory behind them
 */
record Lab(Uncloud uncloud, InMemoryLedger ledger, InMemoryAccountDirectory directory, InMemoryPaymentGateway cards,
    ch.uncloud.testkit.InMemoryEventSink audit)
    implements AutoCloseable {
  static final String LDIF = "lab-directory.ldif";
  static final Currency CHF = Currency.getInstance("CHF");
  static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
  static final String LASERCUTTER_FILTER = "(&(departmentNumber=D-ARCH)(studyYear>=2))";

  /** The directory group whose members are admins ({@code uncloud.admins.directory-group}). */
  static final String ADMIN_GROUP = "lab-admins";
  /** A directory user in {@link #ADMIN_GROUP} who owns no service. */
  static final String DIRECTORY_ADMIN = "tutor";
  static final String DIRECTORY_ADMIN_PASSWORD = "tutorpass";
  /** A configured admin named in {@code uncloud.admins.readers}, owning no service. */
  static final String READER = "helpdesk";
  static final String READER_PASSWORD = "helpgeheim";

  /** Admin names and their (demo) passwords. */
  static final Map<String, String> ADMINS = admins();

  private static Map<String, String> admins() {
    Map<String, String> admins = new LinkedHashMap<>();
    admins.put("raplab", "verygeheim");
    admins.put("vppadmin", "vppgeheim");
    admins.put("bursar", "bursargeheim");
    return java.util.Collections.unmodifiableMap(admins);
  }

  /**
   * @param clock the clock of the services
   * @return the lab with its seed balances booked and its lock flags agreeing with them
   */
  static Lab start(Clock clock) {
    InMemoryLedger ledger = InMemoryLedger.create();
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
    try (InputStream in = Lab.class.getResourceAsStream(LDIF)) {
      directory.loadLdif(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a directory admin (member of lab-admins) and a configured reader, both owning no service
    directory.addUser(DIRECTORY_ADMIN, DIRECTORY_ADMIN_PASSWORD, Map.of()).addToGroup(ADMIN_GROUP, DIRECTORY_ADMIN);
    InMemoryPaymentGateway cards = InMemoryPaymentGateway.create(clock);
    // the lab's event subscriber (so the admin API's parked events have an outbox); tests script its answers
    ch.uncloud.testkit.InMemoryEventSink audit = ch.uncloud.testkit.InMemoryEventSink.named("audit");
    UncloudBuilder builder = UncloudCore.builder().ledger(ledger).directory(directory).clock(clock).currency(CHF)
        .payments(cards)
        .zone(ZONE).shopStore(InMemoryShopStore.create()).memoryVms().directoryAdmins(ADMIN_GROUP)
        .admin(READER, Secret.of(READER_PASSWORD)).readers(READER).creditLimit("schuldner", "5.00")
        .eventSink(audit);
    ADMINS.forEach((name, password) -> builder.admin(name, Secret.of(password)));
    builder.service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
        .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00")
            .accessFilter(LASERCUTTER_FILTER).build())
        .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("500.00").build())
        .service(ServiceDefinition.builder(DepositRequest.CASHIER.toString()).owners("bursar")
            .maxCharge("10000.00").build());
    UncloudCore uncloud = builder.build();
    seed(uncloud.credit());
    return new Lab(uncloud, ledger, directory, cards, audit);
  }

  private static void seed(CreditService credit) {
    AdminSession bursar = credit.authenticate("bursar", Secret.of(ADMINS.get("bursar")));
    credit.deposit(bursar, DepositRequest.of("nethzuser", "20.00", "CHF", "demo: starting credit")
        .withIdempotencyKey("demo-seed-nethzuser"));
    credit.deposit(bursar, DepositRequest.of("erstsemester", "20.00", "CHF", "demo: starting credit")
        .withIdempotencyKey("demo-seed-erstsemester"));
    AdminSession vpp = credit.authenticate("vppadmin", Secret.of(ADMINS.get("vppadmin")));
    credit.chargeUser(vpp, ChargeRequest.of("vpp-print", "schuldner", "5.00", "CHF", "demo: unpaid print jobs")
        .withIdempotencyKey("demo-seed-schuldner"));
    credit.reconcileLocks();
  }

  @Override
  public void close() {
    uncloud.close();
  }
}
