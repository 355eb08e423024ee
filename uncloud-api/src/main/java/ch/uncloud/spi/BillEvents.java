package ch.uncloud.spi;

import ch.uncloud.api.events.Event;
import ch.uncloud.api.shop.Bill;
import java.util.List;

/**
 * The core's rule for what a stored bill announces ({@code bill.final}, {@code bill.paid}), handed to
 * a {@link ShopStore} that keeps its bills in the same database as the ledger's {@link EventOutbox}
 * ({@link ShopStore#announceBills}) and evaluated by the store inside the transaction that stores the
 * bill or records its payment, so the events commit with the change or not at all.
 *
 * <p>Must be quick, pure and thread-safe: it runs while the store's write is open.
 */
@FunctionalInterface
public interface BillEvents {

  /**
   * @param bill the bill as the write stores it (a new bill, or one with its new payment state)
   * @return the events to store with it; their ids are derived from the bill, so one kept already is skipped
   */
  List<Event> eventsFor(Bill bill);
}
