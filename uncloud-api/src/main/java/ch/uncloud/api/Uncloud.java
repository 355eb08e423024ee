package ch.uncloud.api;

import ch.uncloud.api.credit.AccountAdministration;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.Statements;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.shop.BillingService;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.OrderService;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.VmService;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.ServerOrdering;
import java.time.Clock;

/**
 * The entry point: the services of one configured uncloud, built on its providers (ledger, account
 * directory, and optionally payments, snapshots and server ordering). Build one with
 * {@code ch.uncloud.core.UncloudCore.builder()} or {@code UncloudCore.fromConfig(...)} from
 * {@code ch.uncloud:uncloud-core}; program against this interface.
 *
 * <p>Thread-safe. {@link #close()} closes every provider it holds.
 */
public interface Uncloud extends AutoCloseable {
  /**
   * @return the lab credit service
   */
  CreditService credit();

  /**
   * @return the people being charged: their own logins
   */
  Users users();

  /**
   * @return card top-ups of the credit balance (they need a payment gateway)
   */
  CardTopUps topUps();

  /**
   * @return what the payment provider reports on its own (its webhook), applied once per event
   */
  PaymentEvents paymentEvents();

  /**
   * @return the shop's product catalog (the bundled one unless another was configured)
   */
  Catalog catalog();

  /**
   * @return the shop's orders
   * @throws ConfigurationException if no shop store is configured
   */
  OrderService orders();

  /**
   * @return the shop's monthly billing
   * @throws ConfigurationException if no shop store is configured
   */
  BillingService billing();

  /**
   * @return the payment gateway (card registration, payments, refunds)
   * @throws ConfigurationException if none is configured
   */
  PaymentGateway payments();

  /**
   * @return VM snapshots: the core's rules over the configured snapshot backend, billed as the
   *     {@code vm-snapshot} product
   * @throws ConfigurationException if no snapshot backend is configured
   */
  SnapshotService snapshots();

  /**
   * @return server ordering
   * @throws ConfigurationException if none is configured
   */
  ServerOrdering servers();

  /**
   * @return the clock every service uses
   */
  Clock clock();

  /** Closes every provider this instance holds, in reverse order of dependency. Idempotent. */
  @Override
  void close();

  /**
   * @return which VMs each person has, from their VM and hosting orders and the VM inventory
   * @throws ConfigurationException if no shop store is configured
   */
  VmService vms();

  /**
   * @return people's statements: their own ledger entries, filtered and paged
   */
  Statements statements();

  /**
   * @return people's saved cards: register, list, choose the default, remove (they need a payment gateway)
   */
  Cards cards();

  /**
   * @return accounts as administrators see them: search, one account, its statement
   */
  AccountAdministration accounts();

  /**
   * Asks the components this instance needs whether they answer now: the ledger a trivial read, the
   * account directory a trivial search, in parallel, each given at most {@code timeout}. Never throws for
   * a component that is down: its check says so. Thread-safe; cheap enough to be asked every few seconds.
   *
   * @param timeout how long each component may take to answer
   * @return each component's answer
   * @throws ConfigurationException if this implementation cannot check its components
   */
  default Readiness readiness(java.time.Duration timeout) {
    throw new ConfigurationException(getClass().getSimpleName() + " does not report readiness; use UncloudCore");
  }

  /**
   * @return the parked events and sending them again (see {@code uncloud.events.*})
   * @throws ConfigurationException if this instance delivers no events (the default)
   */
  default ch.uncloud.api.events.EventAdministration events() {
    throw new ConfigurationException("this uncloud delivers no events; configure a subscription "
        + "(uncloud.events.webhooks) to have any");
  }
}
