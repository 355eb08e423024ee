package ch.uncloud.cli;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.ceph.CephCluster;
import ch.uncloud.ceph.RbdSnapshotBackend;
import ch.uncloud.ceph.RbdVmProvisioning;
import ch.uncloud.core.UncloudBuilder;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.jdbc.JdbcShopStore;
import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.ldap.LdapAccountDirectory;
import ch.uncloud.ldap.LdapTls;
import ch.uncloud.stripe.FileStripeCustomerStore;
import ch.uncloud.stripe.StripePaymentGateway;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import ch.uncloud.testservers.stripe.FakeStripeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed demo of {@code uncloud serve --demo}: an SQLite ledger under the data directory, an
 * embedded LDAP server seeded from {@code demo-directory.ldif}, three admins, four services, and
 * seed balances booked with idempotency keys (so a restart on the same data does not book them
 * twice), and the shop with the bundled catalog, its orders and bills in the same SQLite file, with
 * simulated VMs (one per VM order, its disk in memory; or with a ceph.conf, one RBD image per VM
 * order on that cluster) whose snapshot records and usage are kept in that file too.
 * Cards go to an in-process Stripe test server through the real Stripe provider, so Stripe's test
 * payment methods ({@code pm_card_visa}) register; it forgets them when the demo stops, and so does
 * the demo's customer store (a file of this run, not the ledger's database, for that reason). The test
 * server signs its webhook events with a secret generated for each run and, once the gateway runs,
 * sends them to its {@code POST /stripe/webhook} ({@link Backend#sendStripeWebhooksTo}).
 * The passwords are published in the README: never use them elsewhere.
 */
final class Demo {
  static final String LDIF = "ch/uncloud/cli/demo-directory.ldif";
  static final String LEDGER_FILE = "ledger.db";
  static final Currency CHF = Currency.getInstance("CHF");
  static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
  static final String CEPH_POOL = "rbd";
  /** The demo's Stripe test-mode secret key: the in-process test server accepts any {@code sk_test_} key. */
  static final String STRIPE_KEY = "sk_test_uncloud_demo";
  /** The publishable key the demo hands out with card registrations. */
  static final String STRIPE_PUBLISHABLE_KEY = "pk_test_uncloud_demo";
  static final String LASERCUTTER_FILTER = "(&(departmentNumber=D-ARCH)(studyYear>=2))";

  /** Admin names and their published demo passwords. */
  static final Map<String, String> ADMINS = demoAdmins();

  private Demo() {}

  private static Map<String, String> demoAdmins() {
    Map<String, String> admins = new LinkedHashMap<>();
    admins.put("raplab", "verygeheim");
    admins.put("vppadmin", "vppgeheim");
    admins.put("bursar", "bursargeheim");
    return java.util.Collections.unmodifiableMap(admins);
  }

  /** Demo users and their published passwords (for the shop API's HTTP Basic auth). */
  static final Map<String, String> USERS = Map.of("nethzuser", "nethzgeheim", "erstsemester", "erstgeheim",
      "schuldner", "schuldgeheim");

  /**
   * Starts the demo: LDAP server, directory, ledger, credit service, seed balances, lock flags.
   *
   * @param dataDir where the SQLite ledger lives (created if missing)
   * @param clock the clock (tests may move it)
   * @return the running demo; close it to stop everything
   */
  static Backend start(Path dataDir, Clock clock) {
    return start(dataDir, clock, null);
  }

  /**
   * Starts the demo, its VMs on a real Ceph cluster: each VM order gets an RBD image in the pool
   * {@value #CEPH_POOL} ({@link RbdVmProvisioning}), and snapshots are RBD snapshots of it.
   *
   * @param dataDir where the SQLite ledger lives (created if missing)
   * @param clock the clock (tests may move it)
   * @param cephConf the cluster's ceph.conf (naming the admin keyring), or {@code null} for simulated VMs
   * @return the running demo; close it to stop everything
   * @throws ch.uncloud.api.ConfigurationException if the native Ceph libraries are missing (saying what to
   *     install) or the cluster refuses the client
   */
  static Backend start(Path dataDir, Clock clock, Path cephConf) {
    return start(dataDir, clock, cephConf, null);
  }

  /**
   * Starts the demo as {@link #start(Path, Clock, Path)} does, its core and providers recording meters.
   *
   * @param dataDir where the SQLite ledger lives (created if missing)
   * @param clock the clock (tests may move it)
   * @param cephConf the cluster's ceph.conf, or {@code null} for simulated VMs
   * @param meterRegistry a Micrometer {@code MeterRegistry}, or {@code null} for none
   * @return the running demo; close it to stop everything
   */
  static Backend start(Path dataDir, Clock clock, Path cephConf, Object meterRegistry) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    EmbeddedLdapServer ldap = EmbeddedLdapServer.builder()
        .ldifResource(LDIF)
        .bindPassword(randomPassword())
        .build()
        .start();
    LdapAccountDirectory directory = null;
    JdbcLedger ledger = null;
    JdbcShopStore shop = null;
    JdbcSnapshotBooks books = null;
    RbdSnapshotBackend ceph = null;
    FakeStripeServer stripe = null;
    Secret webhookSecret = Secret.of("whsec_" + randomPassword());
    try {
      stripe = FakeStripeServer.start(0, clock);
      directory = LdapAccountDirectory.builder()
          .urls(ldap.url())
          .tls(LdapTls.NONE) // loopback only, inside this process's lifetime
          .bind(ldap.bindDn(), Secret.of(ldap.bindPassword()))
          .userBase("ou=people," + ldap.baseDn())
          .groupBase("ou=groups," + ldap.baseDn())
          .poolSize(2)
          .build();
      Path ledgerFile = dataDir.resolve(LEDGER_FILE);
      ledger = JdbcLedger.sqlite(ledgerFile);
      shop = JdbcShopStore.sqlite(ledgerFile);
      books = JdbcSnapshotBooks.sqlite(ledgerFile);
      UncloudBuilder builder = UncloudCore.builder()
          .ledger(ledger)
          .directory(directory)
          .clock(clock)
          .currency(CHF)
          .zone(ZONE)
          .shopStore(shop)
          .snapshotBooks(books)
          .payments(stripe(stripe, clock, webhookSecret));
      if (cephConf == null) {
        builder.memoryVms();
      } else {
        ceph = RbdSnapshotBackend.builder().cluster(CephCluster.of(cephConf)).build();
        RbdVmProvisioning vms = RbdVmProvisioning.on(ceph, CEPH_POOL);
        builder.snapshotBackend(ceph).vmInventory(vms).vmProvisioning(vms);
      }
      ADMINS.forEach((name, password) -> builder.admin(name, Secret.of(password)));
      builder.service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
          .service(ServiceDefinition.builder("lasercutter").owners("raplab").maxCharge("500.00")
              .accessFilter(LASERCUTTER_FILTER).build())
          .service(ServiceDefinition.builder("vpp-print").owners("vppadmin").maxCharge("500.00").build())
          .service(ServiceDefinition.builder(DepositRequest.CASHIER.toString()).owners("bursar")
              .maxCharge("10000.00").build());
      if (meterRegistry != null) {
        builder.meterRegistry(meterRegistry);
      }
      UncloudCore uncloud = builder.build();
      ceph = null; // the Uncloud owns it now
      Backend backend = new Backend(uncloud, ldap, true, ledgerFile.toString(), stripe, webhookSecret);
      seed(uncloud.credit());
      uncloud.provisionMissingVms(); // the simulated VMs of the orders kept in the ledger's file
      return backend;
    } catch (RuntimeException e) {
      if (ceph != null) {
        ceph.close();
      }
      if (books != null) {
        books.close();
      }
      if (shop != null) {
        shop.close();
      }
      if (ledger != null) {
        ledger.close();
      }
      if (directory != null) {
        directory.close();
      }
      ldap.close();
      if (stripe != null) {
        stripe.close();
      }
      throw e;
    }
  }

  /**
   * The real Stripe provider against the in-process test server, its customers in a file of this run
   * only (the test server forgets them when the demo stops, so ids kept longer would name customers the
   * next run's server does not know), verifying webhooks with the secret generated for this run.
   */
  private static StripePaymentGateway stripe(FakeStripeServer server, Clock clock, Secret webhookSecret) {
    Path customers;
    try {
      customers = Files.createTempFile("uncloud-demo-stripe-customers", ".properties");
      customers.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's Stripe customer file: " + e.getMessage(), e);
    }
    return StripePaymentGateway.builder(Secret.of(STRIPE_KEY))
        .apiBase(server.baseUrl())
        .publishableKey(STRIPE_PUBLISHABLE_KEY)
        .customerStore(FileStripeCustomerStore.open(customers))
        .webhookSecret(webhookSecret)
        .clock(clock)
        .maxNetworkRetries(0)
        .build();
  }

  /** Books the seed balances (idempotently) and makes every lock flag agree with the ledger. */
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

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
