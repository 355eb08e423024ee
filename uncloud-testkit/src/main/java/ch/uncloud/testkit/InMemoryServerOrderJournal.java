package ch.uncloud.testkit;

import ch.uncloud.spi.ServerOrderJournal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ServerOrderJournal} in memory, for tests: documents by order id, and a lock per order
 * shared by the threads of this process. Lost when dropped. Not registered for discovery.
 * Thread-safe.
 */
public final class InMemoryServerOrderJournal implements ServerOrderJournal {
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private InMemoryServerOrderJournal() {}

  /** @return an empty journal */
  public static InMemoryServerOrderJournal create() {
    return new InMemoryServerOrderJournal();
  }

  @Override
  public void save(String orderId, String document) {
    documents.put(orderId, document);
  }

  @Override
  public Optional<String> find(String orderId) {
    return Optional.ofNullable(documents.get(orderId));
  }

  @Override
  public List<String> all() {
    return List.copyOf(documents.values());
  }

  @Override
  public Lock lock(String orderId) {
    ReentrantLock lock = locks.computeIfAbsent(orderId, k -> new ReentrantLock());
    lock.lock();
    return lock::unlock;
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /** Marks the journal closed; it keeps working, for inspection. */
  @Override
  public void close() {
    closed = true;
  }
}
