package ch.uncloud.spi;

import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.events.Event;
import java.util.List;

/**
 * The core's rule for what a booked entry announces (the booking itself, a threshold crossed, a lock
 * or unlock), handed to the ledger's {@link EventOutbox} and evaluated by the ledger inside the
 * booking's transaction, once per entry it writes, so the events commit with the entry or not at all.
 * The stored entry carries the balance and the quota pot after it, and so, with its delta and quota
 * part, also before it.
 *
 * <p>Must be quick, pure and thread-safe: it runs on the ledger's writer threads while row locks are held.
 */
@FunctionalInterface
public interface EntryEvents {

  /**
   * @param booked the entry as stored (never a replay: a replay writes nothing and announces nothing)
   * @return the events to store with it, in order; empty for none
   */
  List<Event> eventsFor(LedgerEntry booked);
}
