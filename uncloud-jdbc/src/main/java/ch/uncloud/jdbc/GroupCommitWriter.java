package ch.uncloud.jdbc;

import ch.uncloud.api.AlreadyReversedException;
import ch.uncloud.api.IdempotencyConflictException;
import ch.uncloud.api.LedgerEntry;
import ch.uncloud.api.NewEntry;
import ch.uncloud.api.Posting;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.UnknownChargeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue their entries, one writer thread takes whatever has queued up, books
 * it in a single transaction and, once that transaction has committed, answers every caller. While
 * one batch commits, the next one queues up, so concurrent callers share a commit instead of each
 * paying for one, and a caller is answered only after its entry is durable.
 *
 * <p>Entries are validated against the store and against the earlier entries of the same batch in
 * memory, so an entry that must be refused (a second reversal, say) fails only its own caller. If
 * the store itself fails a batch for a reason that is not a lost race, each entry of the batch is
 * retried in a transaction of its own, so one poisoned entry cannot take the others down.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_RETRIES = 20;
  private static final Request POISON = new Request(null);

  private final Dialect dialect;
  private final DataSource dataSource;
  private final int maxBatch;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean finished;

  GroupCommitWriter(Dialect dialect, DataSource dataSource, int maxBatch, String name) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Books an entry and waits until its batch has committed.
   *
   * @param entry the entry
   * @return the posting
   */
  Posting post(NewEntry entry) {
    if (closed) {
      throw closedException();
    }
    Request request = new Request(entry);
    queue.add(request);
    if (finished) {
      failQueued();
    }
    try {
      return request.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncloudException u) {
        throw u;
      }
      throw new ProviderUnavailableException(dialect.displayName() + " ledger failed to book the entry; "
          + "retry with the same idempotency key", e.getCause());
    }
  }

  /** Books what is queued, then stops the writer thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(POISON);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    try {
      boolean stop = false;
      while (!stop) {
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
        if (batch.remove(POISON)) {
          stop = true;
          queue.drainTo(batch);
          batch.remove(POISON);
        }
        if (!batch.isEmpty()) {
          book(batch);
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      LOG.error("ledger writer stopped by an unexpected error", t);
      for (Request request : batch) {
        request.result.completeExceptionally(t);
      }
    } finally {
      finished = true;
      closed = true;
      failQueued();
    }
  }

  private void failQueued() {
    Request request;
    while ((request = queue.poll()) != null) {
      if (request != POISON) {
        request.result.completeExceptionally(closedException());
      }
    }
  }

  private ProviderUnavailableException closedException() {
    return new ProviderUnavailableException(dialect.displayName() + " ledger is closed; open a new one");
  }

  /** Books a batch, retrying lost races, and isolates entries if the store refuses the batch. */
  private void book(List<Request> batch) {
    Exception failure = null;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      try {
        Map<Request, Object> outcomes = bookOnce(batch);
        outcomes.forEach(Request::complete);
        return;
      } catch (CommitUnknownException e) {
        failAll(batch, new ProviderUnavailableException(dialect.displayName() + " ledger lost its connection "
            + "while committing; the booking may or may not be stored: retry with the same idempotency key", e.getCause()));
        return;
      } catch (SQLException e) {
        failure = e;
        if (!dialect.isRetryable(e)) {
          break;
        }
        backOff(attempt);
      } catch (RuntimeException e) {
        failure = e;
        break;
      }
    }
    if (batch.size() > 1 && !isConnectionFailure(failure)) {
      LOG.warn("{} ledger refused a batch of {} entries ({}); booking them one by one",
          dialect.displayName(), batch.size(), failure.toString());
      for (Request request : batch) {
        book(List.of(request));
      }
      return;
    }
    failAll(batch, new ProviderUnavailableException(dialect.displayName() + " ledger cannot book the entry ("
        + failure.getMessage() + "); check that the store is reachable and retry with the same idempotency key",
        failure));
  }

  private static boolean isConnectionFailure(Exception e) {
    if (e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException) {
      return true;
    }
    return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
  }

  private static void failAll(List<Request> batch, UncloudException failure) {
    for (Request request : batch) {
      request.result.completeExceptionally(failure);
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One transaction over the batch.
   *
   * @return each request's posting or refusal; only valid once this method returned (committed)
   */
  private Map<Request, Object> bookOnce(List<Request> batch) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      Map<Request, Object> outcomes;
      try {
        outcomes = validateAndWrite(connection, batch);
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException ignored) {
          // the connection is gone; the pool discards it
        }
        throw e;
      }
      try {
        connection.commit();
      } catch (SQLException e) {
        throw new CommitUnknownException(e);
      }
      return outcomes;
    }
  }

  private Map<Request, Object> validateAndWrite(Connection connection, List<Request> batch) throws SQLException {
    Set<KeyRef> keys = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> reversalTargets = new LinkedHashSet<>();
    TreeSet<BalanceKey> accounts = new TreeSet<>();
    for (Request request : batch) {
      NewEntry e = request.entry;
      if (e.idempotencyKey() != null) {
        keys.add(new KeyRef(e.service().value(), e.idempotencyKey().value()));
      }
      ids.add(e.id().value());
      if (e.reverses() != null) {
        ids.add(e.reverses().value());
        reversalTargets.add(e.reverses().value());
      }
      accounts.add(new BalanceKey(e.account().value(), e.delta().currency().getCurrencyCode()));
    }
    Map<KeyRef, LedgerEntry> byKey = new HashMap<>(dialect.findByKeys(connection, keys));
    Map<String, LedgerEntry> byId = new HashMap<>(dialect.findByIds(connection, ids));
    Set<String> reversed = new HashSet<>(dialect.findReversed(connection, reversalTargets));
    Map<BalanceKey, Long> balances = dialect.lockBalances(connection, new ArrayList<>(accounts));

    Map<Request, Object> outcomes = new LinkedHashMap<>();
    List<LedgerEntry> appended = new ArrayList<>();
    Map<BalanceKey, Long> changed = new HashMap<>();
    for (Request request : batch) {
      NewEntry e = request.entry;
      KeyRef key = e.idempotencyKey() == null ? null : new KeyRef(e.service().value(), e.idempotencyKey().value());
      LedgerEntry earlier = key == null ? null : byKey.get(key);
      if (earlier != null) {
        outcomes.put(request, new Posting(earlier, true));
        continue;
      }
      try {
        if (byId.containsKey(e.id().value())) {
          throw new IdempotencyConflictException("entry id " + e.id() + " is already booked; "
              + "book a new entry under a new id, or retry with the same idempotency key");
        }
        if (e.reverses() != null) {
          LedgerEntry original = byId.get(e.reverses().value());
          if (original == null || !original.account().equals(e.account())) {
            throw new UnknownChargeException("no entry with id " + e.reverses() + " exists for " + e.account()
                + "; check the id of the booking to reverse");
          }
          if (reversed.contains(e.reverses().value())) {
            throw new AlreadyReversedException("entry " + e.reverses() + " is already reversed; "
                + "a booking can be reversed only once");
          }
        }
        BalanceKey account = new BalanceKey(e.account().value(), e.delta().currency().getCurrencyCode());
        long after = Math.addExact(balances.get(account), EntryRows.minor(e.delta()));
        LedgerEntry stored = e.toEntry(EntryRows.money(after, e.delta().currency()));
        EntryRows.nanos(e.bookedAt()); // refuses a time the store cannot hold before anything is written
        balances.put(account, after);
        changed.put(account, after);
        byId.put(e.id().value(), stored);
        if (key != null) {
          byKey.put(key, stored);
        }
        if (e.reverses() != null) {
          reversed.add(e.reverses().value());
        }
        appended.add(stored);
        outcomes.put(request, new Posting(stored, false));
      } catch (ArithmeticException overflow) {
        outcomes.put(request, new ch.uncloud.api.InvalidArgumentException("booking " + e.delta() + " on "
            + e.account() + " would overflow the balance the ledger can hold", overflow));
      } catch (UncloudException refused) {
        outcomes.put(request, refused);
      }
    }
    if (!appended.isEmpty()) {
      dialect.insertEntries(connection, appended);
      dialect.writeBalances(connection, changed);
    }
    return outcomes;
  }

  /** A commit that failed: whether it took effect is unknown. */
  private static final class CommitUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommitUnknownException(SQLException cause) {
      super(cause);
    }
  }

  /** One caller's entry and the answer it waits for. */
  private static final class Request {
    final NewEntry entry;
    final CompletableFuture<Posting> result = new CompletableFuture<>();

    Request(NewEntry entry) {
      this.entry = entry;
    }

    void complete(Object outcome) {
      if (outcome instanceof Posting posting) {
        result.complete(posting);
      } else {
        result.completeExceptionally((Throwable) outcome);
      }
    }
  }
}
