package ch.uncloud.spi;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.api.servers.ServerQuery;
import java.util.List;
import java.util.function.Function;

/**
 * Ordering servers from a hosting provider in two steps: a priced dry run, then an explicit
 * checkout that is never sent twice. Implementations are thread-safe.
 */
public interface ServerOrdering extends AutoCloseable {

  /**
   * @param query filters
   * @return the matching plans, cheapest first
   */
  List<ServerOffer> catalog(ServerQuery query);

  /**
   * Prepares an order up to the priced dry run; nothing is bought.
   *
   * @param request what to order
   * @return the prepared order with the quoted price
   * @throws ch.uncloud.api.InvalidRequestException if the plan is unknown or the request is malformed
   */
  ServerOrder prepare(ServerOrderRequest request);

  /**
   * Buys a prepared order. Calling it again for an order already checked out returns that order
   * and sends nothing. A checkout whose outcome is unknown (its answer was lost, or the process
   * stopped while sending) is never sent again.
   *
   * @param orderId the id {@link #prepare} returned
   * @return the checked-out order
   * @throws NotFoundException ({@code unknown_server_order}) if no order has this id
   * @throws ConflictException ({@code checkout_outcome_unknown}) if the checkout was sent but its outcome
   *     is unknown; the order then stands {@link ServerOrder.Status#CHECKOUT_UNCONFIRMED}
   */
  ServerOrder checkout(String orderId);

  /**
   * {@link #checkout(String)}, announcing what {@code events} makes of the answer: a provider whose
   * journal is in the outbox's database writes the events in the transaction that journals the
   * checkout, so a checkout journaled as done always has its events and a failed one none. The
   * default checks out, then appends the events of the answer (a crash in between loses them; calling
   * checkout again announces them, as the answer repeats).
   *
   * @param orderId the id {@link #prepare} returned
   * @param outbox the ledger's outbox
   * @param events the events an answer announces (none unless it is checked out; ids derived from the order)
   * @return the checked-out order
   */
  default ServerOrder checkout(String orderId, EventOutbox outbox, Function<ServerOrder, List<Event>> events) {
    ServerOrder order = checkout(orderId);
    outbox.append(events.apply(order));
    return order;
  }

  /**
   * @return every order prepared or checked out through this store, newest first
   */
  List<ServerOrder> orders();

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
