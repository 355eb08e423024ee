package ch.uncloud.spi;

import ch.uncloud.api.events.Event;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for a server-ordering provider's order journal (OVH's cart, item and checkout
 * steps), one document per order, so that an interrupted order can be resumed and a checkout is
 * never sent twice, also by another process sharing the store. The provider owns the documents'
 * format; the store keeps them opaque. Created by a {@link ServerOrderJournalProvider}.
 *
 * <p>Implementations are thread-safe; {@link #save} is durable (committed) when it returns.
 * Store failures are {@link ch.uncloud.api.ProviderUnavailableException}s.
 */
public interface ServerOrderJournal extends AutoCloseable {
  /**
   * Stores an order's document, replacing an earlier one of the same order. Durable on return.
   *
   * @param orderId the order's id
   * @param document the provider's document of the order
   */
  void save(String orderId, String document);

  /**
   * {@link #save(String, String)}, announcing {@code events}: a store in the outbox's database writes
   * them in the same transaction, so the document and its events commit together or not at all. The
   * default saves the document, then appends the events (a failed save appends nothing; a crash in
   * between loses the events).
   *
   * @param orderId the order's id
   * @param document the provider's document of the order
   * @param outbox the ledger's outbox
   * @param events what saving it announces (ids derived from the order)
   */
  default void save(String orderId, String document, EventOutbox outbox, List<Event> events) {
    save(orderId, document);
    outbox.append(events);
  }

  /**
   * @param orderId an order's id
   * @return its document, if one was saved
   */
  Optional<String> find(String orderId);

  /** @return every order's document, in no particular order */
  List<String> all();

  /**
   * Takes an exclusive lock on one order, held until closed, across the threads and processes that
   * share the store, so that two checkouts of the same order cannot both pass their check. Blocks
   * until the lock is free.
   *
   * @param orderId the order's id
   * @return the held lock; close it to release
   */
  Lock lock(String orderId);

  /** Releases the store's connections. Idempotent. */
  @Override
  void close();

  /** A held order lock; {@link #close()} releases it. */
  interface Lock extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }
}
