package ch.uncloud.ovh;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.events.Event;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.ServerOrderJournal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link OvhOrderJournal} kept in a {@link ServerOrderJournal} (with
 * {@code uncloud.server-order-journal=jdbc}: the ledger's database), each record as the same JSON
 * document {@link FileOvhOrderJournal} writes, so every process sharing the store sees the same orders
 * and takes the same order locks. Thread-safe; {@link #close()} closes the store.
 */
public final class StoredOvhOrderJournal implements OvhOrderJournal, AutoCloseable {
  private final ServerOrderJournal store;

  /** @param store where the documents are kept (owned: closed with this journal) */
  public StoredOvhOrderJournal(ServerOrderJournal store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void save(OvhOrderRecord record) {
    store.save(record.id(), FileOvhOrderJournal.toJson(record));
  }

  @Override
  public void save(OvhOrderRecord record, EventOutbox outbox, List<Event> events) {
    store.save(record.id(), FileOvhOrderJournal.toJson(record), outbox, events);
  }

  @Override
  public Optional<OvhOrderRecord> find(String orderId) {
    return orderId == null ? Optional.empty() : store.find(orderId).map(d -> parse(orderId, d));
  }

  @Override
  public List<OvhOrderRecord> all() {
    return store.all().stream().map(d -> parse("(listed)", d)).toList();
  }

  @Override
  public OrderLock lock(String orderId) {
    ServerOrderJournal.Lock held = store.lock(orderId);
    return held::close;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "StoredOvhOrderJournal[" + store + "]";
  }

  private static OvhOrderRecord parse(String orderId, String document) {
    try {
      return FileOvhOrderJournal.parse(document);
    } catch (RuntimeException e) {
      throw new ProviderUnavailableException("the journal record of OVH order " + orderId + " cannot be read ("
          + e.getMessage() + "); restore it from a backup", e);
    }
  }
}
