package ch.uncloud.spi;

import ch.uncloud.api.ServerOffer;
import ch.uncloud.api.ServerOrder;
import ch.uncloud.api.ServerOrderRequest;
import ch.uncloud.api.ServerQuery;
import java.util.List;

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
   */
  ServerOrder prepare(ServerOrderRequest request);

  /**
   * Buys a prepared order. Calling it again for an order already checked out returns that order
   * and sends nothing.
   *
   * @param orderId the id {@link #prepare} returned
   * @return the checked-out order
   */
  ServerOrder checkout(String orderId);

  /**
   * @return every order prepared or checked out through this store, newest first
   */
  List<ServerOrder> orders();

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
