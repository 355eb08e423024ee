package ch.uncloud.ovh;

import ch.uncloud.api.events.Event;
import ch.uncloud.spi.EventOutbox;
import java.util.List;
import java.util.Optional;

/**
 * Durable memory of OVH server orders, so an interrupted order can be resumed or inspected and a
 * checkout is never sent twice. Implementations must be thread-safe, and {@link #save} must be
 * durable (on disk, committed) when it returns: the "sending" mark is saved before a checkout is sent.
 */
public interface OvhOrderJournal {

  /**
   * Stores the record, replacing any earlier version with the same id. Durable on return.
   *
   * @param record the record
   * @throws ch.uncloud.api.ProviderUnavailableException if it cannot be stored
   */
  void save(OvhOrderRecord record);

  /**
   * {@link #save(OvhOrderRecord)}, announcing {@code events}: a journal in the outbox's database saves
   * them in the same transaction. The default saves the record, then appends the events.
   *
   * @param record the record
   * @param outbox the ledger's outbox
   * @param events what saving it announces
   */
  default void save(OvhOrderRecord record, EventOutbox outbox, List<Event> events) {
    save(record);
    outbox.append(events);
  }

  /**
   * @param orderId uncloud's order id
   * @return the record, if there is one
   */
  Optional<OvhOrderRecord> find(String orderId);

  /**
   * @return every record, in no particular order
   */
  List<OvhOrderRecord> all();

  /**
   * Takes an exclusive lock on one order, held until closed, so that two checkouts of the same
   * order (from two threads, two service instances or two processes sharing the journal) cannot
   * both pass the "prepared" check. Blocks until the lock is free.
   *
   * @param orderId uncloud's order id
   * @return the held lock; close it to release
   * @throws ch.uncloud.api.ProviderUnavailableException if the lock cannot be taken
   */
  OrderLock lock(String orderId);

  /** A held order lock; {@link #close()} releases it. */
  interface OrderLock extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }
}
