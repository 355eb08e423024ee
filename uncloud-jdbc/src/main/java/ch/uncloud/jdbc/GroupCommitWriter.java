package ch.uncloud.jdbc;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.credit.PostingOutcome;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue their entries, a writer thread takes whatever has queued up, books
 * it in a single transaction and, once that transaction has committed, answers every caller. While
 * one batch commits, the next one queues up, so concurrent callers share a commit instead of each
 * paying for one, and a caller is answered only after its entry is durable. SQLite has one writer
 * (the file has one write lock); PostgreSQL may have several, whose batches overlap their round
 * trips and share the server's own WAL flushes, kept consistent by row locks and unique constraints.
 *
 * <p>A new entry's id is not looked up first (ids are random, a reuse is a caller's bug): the unique
 * constraint catches it, and the retry that follows checks ids explicitly and refuses that entry.
 *
 * <p>Other writes (a hold's reserve, capture or release) join the same queue as works that run in
 * the batch's transaction after its entries, so they share its commit too.
 *
 * <p>Entries are validated against the store and against the earlier entries of the same batch in
 * memory, so an entry that must be refused (a second reversal, say) fails only its own caller. If
 * the store itself fails a batch for a reason that is not a lost race, each entry of the batch is
 * retried in a transaction of its own, so one poisoned entry cannot take the others down.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_RETRIES = 20;
  private static final long POLL_MILLIS = 50;
  /** Longest wait for the previous batch's callers; small against a durable commit (about 1 ms). */
  private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final Dialect dialect;
  private final DataSource dataSource;
  private final int maxBatch;
  private final Runnable afterCommit;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger live;
  /**
   * Held while a transaction of this process writes, when there is one writer: by the writer thread
   * for a batch, by a lone caller booking on its own thread, by a hold's reserve, capture or release.
   */
  private final ReentrantLock commitLock = new ReentrantLock();
  private final boolean soleWriter;
  private volatile boolean closed;
  private volatile boolean finished;
  /** What booked entries announce; {@code null}: nothing, and the outbox costs no write. */
  private volatile ch.uncloud.spi.EntryEvents announce;
  /** Told of every committed batch; {@code null} (no meter registry): nothing is timed. */
  private volatile CommitListener listener;
  /** The events of the transaction a thread is in, inserted just before its commit. */
  private final ThreadLocal<List<ch.uncloud.api.events.Event>> transactionEvents = new ThreadLocal<>();

  /**
   * @param afterCommit run by a writer thread after each of its commits; must be quick
   */
  GroupCommitWriter(Dialect dialect, DataSource dataSource, int maxBatch, int writers, String name,
      Runnable afterCommit) {
    this.dialect = dialect;
    this.afterCommit = afterCommit;
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    this.live = new AtomicInteger(writers);
    this.soleWriter = writers == 1;
    for (int i = 0; i < writers; i++) {
      Thread thread = new Thread(this::run, writers == 1 ? name : name + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  /**
   * @param rule what each booked entry announces from now on, kept in its batch's transaction; {@code null}: nothing
   */
  void announce(ch.uncloud.spi.EntryEvents rule) {
    this.announce = rule;
  }

  /** Adds the entry's events to its transaction's, if entries announce anything. */
  /** @param listener told of every batch committed from now on */
  void listen(CommitListener listener) {
    this.listener = listener;
  }

  /** What a ledger's meters hear of its commits. */
  interface CommitListener {
    /**
     * @param requests the entries and works the transaction held
     * @param nanos how long booking them took, retries included
     */
    void committed(int requests, long nanos);
  }

  private void announced(LedgerEntry stored) {
    ch.uncloud.spi.EntryEvents rule = announce;
    if (rule == null) {
      return;
    }
    List<ch.uncloud.api.events.Event> events = rule.eventsFor(stored);
    if (!events.isEmpty()) {
      List<ch.uncloud.api.events.Event> pending = transactionEvents.get();
      if (pending == null) {
        throw new IllegalStateException("an entry was booked outside the writer's transaction");
      }
      pending.addAll(events);
    }
  }

  /**
   * Books an entry and waits until its batch has committed.
   *
   * @param entry the entry
   * @return the posting
   */
  Posting post(NewEntry entry) {
    return (Posting) submit(Request.entry(entry));
  }

  /**
   * Runs {@code work} in the transaction of the next batch, after that batch's entries (serialized
   * with every other write of this process when there is one writer) and waits until it has
   * committed. Lost races with other processes are retried by running it again in a new transaction.
   *
   * @param what what the work does, for messages
   * @param work the statements; an {@link UncloudException} it throws, before it has written
   *     anything, refuses this work alone and reaches the caller
   * @return what the work returned, once committed
   */
  @SuppressWarnings("unchecked")
  <T> T exclusive(String what, Work<T> work) {
    return (T) submit(Request.work(what, work));
  }

  private Object submit(Request request) {
    if (closed) {
      throw closedException();
    }
    // a lone caller (nobody queued, the writer idle) commits on its own thread: no hand-off
    if (soleWriter && queue.isEmpty() && commitLock.tryLock()) {
      try {
        book(List.of(request));
      } finally {
        commitLock.unlock();
      }
    } else {
      queue.add(request);
      if (finished) {
        failQueued();
      }
    }
    try {
      return request.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncloudException u) {
        throw u;
      }
      throw new ProviderUnavailableException(dialect.displayName() + " ledger failed to " + request.what
          + "; retry with the same idempotency key", e.getCause());
    }
  }

  /**
   * Books a caller's batch in one transaction on the caller's thread (serialized with the writer's
   * batches when there is one writer); a refused entry fails only its own outcome.
   *
   * @param entries the entries
   * @return one outcome per entry, in order
   */
  List<PostingOutcome> postAll(List<NewEntry> entries) {
    if (closed) {
      throw closedException();
    }
    List<Request> batch = entries.stream().map(Request::entry).toList();
    if (soleWriter) {
      commitLock.lock();
    }
    try {
      book(batch);
    } finally {
      if (soleWriter) {
        commitLock.unlock();
      }
    }
    List<PostingOutcome> outcomes = new ArrayList<>(batch.size());
    for (Request request : batch) {
      try {
        outcomes.add(PostingOutcome.booked((Posting) request.result.join()));
      } catch (CompletionException e) {
        if (e.getCause() instanceof ProviderUnavailableException unavailable) {
          throw unavailable;
        }
        if (!(e.getCause() instanceof UncloudException refused)) {
          throw new ProviderUnavailableException(dialect.displayName() + " ledger failed to book a batch; "
              + "retry it, its entries keep their idempotency keys", e.getCause());
        }
        outcomes.add(PostingOutcome.refused(refused));
      }
    }
    return outcomes;
  }

  /**
   * Appends one entry, locking its account's balance row and quota row (one statement once they
   * exist), with the balance and the quota after it.
   *
   * @param connection a connection in a write transaction
   * @param entry the entry, validated
   * @return the stored entry
   */
  LedgerEntry appendOne(Connection connection, NewEntry entry) throws SQLException {
    BalanceKey account = balanceKeyOf(entry);
    List<BalanceKey> keys = new ArrayList<>(2);
    keys.add(account);
    keys.addAll(QuotaPots.keysOf(account, entry));
    Map<BalanceKey, Long> locked = new HashMap<>(dialect.lockBalances(connection, keys));
    long before = locked.getOrDefault(account, 0L);
    QuotaPots pots = new QuotaPots(locked);
    QuotaPots.Split split = pots.split(account, entry);
    pots.accept(account, entry, split);
    long after = Math.addExact(before, split.bookedMinor());
    LedgerEntry stored = QuotaPots.stored(entry, split, after);
    Map<BalanceKey, Long> written = new HashMap<>(pots.changed());
    written.put(account, after);
    dialect.appendComputed(connection, List.of(stored), written);
    announced(stored);
    return stored;
  }

  /**
   * Statements run in a batch's transaction. They may throw an {@link UncloudException} to refuse,
   * but only before they write: the batch's transaction goes on with the other requests.
   */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Books what is queued, then stops the writer threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    int expected = 1;
    try {
      while (true) {
        Request first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        // held from the first entry on: a caller that finds the queue empty while this batch gathers
        // must join it, not commit a batch of one on its own thread in front of it
        if (soleWriter) {
          commitLock.lock();
        }
        try {
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          gather(batch, expected);
          expected = batch.size(); // the callers this batch will answer
          book(batch);
        } catch (InterruptedException e) {
          failAll(batch, closedException());
          throw e;
        } catch (Throwable t) {
          LOG.error("ledger writer failed a batch unexpectedly", t);
          for (Request request : batch) {
            request.result.completeExceptionally(t);
          }
        } finally {
          if (soleWriter) {
            commitLock.unlock();
          }
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (live.decrementAndGet() == 0) {
        finished = true;
        closed = true;
        failQueued();
      }
    }
  }

  /**
   * Waits up to {@link #GATHER_NANOS} for the batch to hold as many entries as the previous one: the
   * callers that batch answered are typically about to post again, and without the wait the next
   * commit would carry only the first few of them while the rest wait for the commit after it. A
   * lone caller (previous batch of one) never waits.
   */
  private void gather(List<Request> batch, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (batch.size() < Math.min(expected, maxBatch)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Request next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, maxBatch - batch.size());
    }
  }

  private void failQueued() {
    Request request;
    while ((request = queue.poll()) != null) {
      request.result.completeExceptionally(closedException());
    }
  }

  private ProviderUnavailableException closedException() {
    return new ProviderUnavailableException(dialect.displayName() + " ledger is closed; open a new one");
  }

  /** Books a batch, retrying lost races, and isolates entries if the store refuses the batch. */
  private void book(List<Request> batch) {
    Exception failure = null;
    CommitListener listening = listener;
    long started = listening == null ? 0 : System.nanoTime();
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      try {
        Map<Request, Object> outcomes = bookOnce(batch, attempt > 0);
        if (listening != null) {
          listening.committed(batch.size(), System.nanoTime() - started);
        }
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
    if (batch.size() == 1 && batch.get(0).entry != null && failure instanceof SQLException sql
        && "22003".equals(sql.getSQLState())) {
      failAll(batch, overflow(batch.get(0).entry, failure));
      return;
    }
    failAll(batch, new ProviderUnavailableException(dialect.displayName() + " ledger cannot "
        + (batch.size() == 1 ? batch.get(0).what : "book the entries") + " (" + failure.getMessage()
        + "); check that the store is reachable and retry with the same idempotency key", failure));
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
  private Map<Request, Object> bookOnce(List<Request> batch, boolean checkIds) throws SQLException {
    return inTransaction(connection -> {
      List<Request> entries = new ArrayList<>(batch.size());
      List<Request> works = new ArrayList<>();
      for (Request request : batch) {
        (request.entry != null ? entries : works).add(request);
      }
      Map<Request, Object> outcomes = entries.isEmpty() ? new LinkedHashMap<>()
          : validateAndWrite(connection, entries, checkIds);
      for (Request request : works) {
        outcomes.put(request, run(connection, request.work));
      }
      return outcomes;
    });
  }

  /** @return what the work returned, or its refusal */
  private static Object run(Connection connection, Work<?> work) throws SQLException {
    try {
      return work.apply(connection);
    } catch (UncloudException refused) {
      return refused;
    }
  }

  /**
   * @return what {@code work} returned, once committed
   * @throws CommitUnknownException if the commit failed: whether it took effect is unknown
   */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      dialect.begin(connection);
      T result;
      List<ch.uncloud.api.events.Event> events = new ArrayList<>();
      transactionEvents.set(events);
      try {
        result = work.apply(connection);
        OutboxRows.insert(dialect, connection, events); // last: on PostgreSQL its lock is held only until the commit
      } catch (SQLException | RuntimeException e) {
        dialect.rollbackQuietly(connection);
        throw e;
      } finally {
        transactionEvents.remove();
      }
      try {
        dialect.commit(connection);
      } catch (SQLException e) {
        dialect.rollbackQuietly(connection);
        throw new CommitUnknownException(e);
      }
      afterCommit.run();
      return result;
    }
  }

  private Map<Request, Object> validateAndWrite(Connection connection, List<Request> batch, boolean checkIds)
      throws SQLException {
    Set<KeyRef> keys = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> reversalTargets = new LinkedHashSet<>();
    TreeSet<BalanceKey> accounts = new TreeSet<>();
    for (Request request : batch) {
      NewEntry e = request.entry;
      if (e.idempotencyKey() != null) {
        keys.add(keyOf(e));
      }
      if (checkIds) {
        ids.add(e.id().value());
      }
      if (e.reverses() != null) {
        ids.add(e.reverses().value());
        reversalTargets.add(e.reverses().value());
      }
      accounts.add(balanceKeyOf(e));
      accounts.addAll(QuotaPots.keysOf(balanceKeyOf(e), e));
    }
    // what the store already holds, then grown by this batch's own entries as they are accepted
    Map<KeyRef, String> idByKey = new HashMap<>();
    Map<String, LedgerEntry> stored = new HashMap<>();
    dialect.findByKeys(connection, keys).forEach((key, entry) -> {
      idByKey.put(key, entry.id().value());
      stored.put(entry.id().value(), entry);
    });
    Map<String, Username> accountById = new HashMap<>();
    Map<String, LedgerEntry> found = dialect.findByIds(connection, ids);
    found.forEach((id, entry) -> accountById.put(id, entry.account()));
    Set<String> reversed = new HashSet<>(dialect.findReversed(connection, reversalTargets));
    // every row locked, in a fixed order: balances computed here, written with plain statements
    Map<BalanceKey, Long> balances = new HashMap<>(dialect.lockBalances(connection, new ArrayList<>(accounts)));
    QuotaPots pots = new QuotaPots(balances);
    pots.knowStored(found.values());

    Map<Request, Object> outcomes = new LinkedHashMap<>();
    Map<Request, String> replays = new LinkedHashMap<>();
    List<LedgerEntry> appended = new ArrayList<>();
    Map<BalanceKey, Long> changed = new HashMap<>();
    for (Request request : batch) {
      NewEntry e = request.entry;
      KeyRef key = e.idempotencyKey() == null ? null : keyOf(e);
      if (key != null && idByKey.containsKey(key)) {
        replays.put(request, idByKey.get(key));
        continue;
      }
      try {
        if (accountById.containsKey(e.id().value())) {
          throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "entry id " + e.id() + " is already booked; "
              + "book a new entry under a new id, or retry with the same idempotency key");
        }
        if (e.reverses() != null) {
          Username owner = accountById.get(e.reverses().value());
          if (owner == null || !owner.equals(e.account())) {
            throw new NotFoundException(ErrorCodes.UNKNOWN_CHARGE, "no entry with id " + e.reverses() + " exists for " + e.account()
                + "; check the id of the booking to reverse");
          }
          if (reversed.contains(e.reverses().value())) {
            throw new ConflictException(ErrorCodes.ALREADY_REVERSED, "entry " + e.reverses() + " is already reversed; "
                + "a booking can be reversed only once");
          }
        }
        BalanceKey account = balanceKeyOf(e);
        if (e.floor() != null) {
          long held = HoldRows.heldMinor(Statements.writing(dialect, connection), account.account(), account.currency(), e.bookedAt());
          e.checkFloor(EntryRows.money(balances.get(account) - held, e.delta().currency()));
        }
        QuotaPots.Split split = pots.split(account, e);
        long after = Math.addExact(balances.get(account), split.bookedMinor());
        LedgerEntry entry = QuotaPots.stored(e, split, after);
        balances.put(account, after);
        changed.put(account, after);
        appended.add(entry);
        stored.put(e.id().value(), entry);
        outcomes.put(request, new Posting(entry, false));
        pots.accept(account, e, split);
        accountById.put(e.id().value(), e.account());
        if (key != null) {
          idByKey.put(key, e.id().value());
        }
        if (e.reverses() != null) {
          reversed.add(e.reverses().value());
        }
      } catch (ArithmeticException overflow) {
        outcomes.put(request, overflow(e, overflow));
      } catch (UncloudException refused) {
        outcomes.put(request, refused);
      }
    }
    if (!appended.isEmpty()) {
      changed.putAll(pots.changed());
      dialect.appendComputed(connection, appended, changed);
      appended.forEach(this::announced);
    }
    replays.forEach((request, id) -> outcomes.put(request, new Posting(stored.get(id), true)));
    return outcomes;
  }

  private static KeyRef keyOf(NewEntry e) {
    return new KeyRef(e.service().value(), e.idempotencyKey().value());
  }

  private static BalanceKey balanceKeyOf(NewEntry e) {
    return new BalanceKey(e.account().value(), e.delta().currency().getCurrencyCode());
  }

  private static ch.uncloud.api.InvalidRequestException overflow(NewEntry e, Throwable cause) {
    return new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "booking " + e.delta() + " on " + e.account()
        + " would overflow the balance the ledger can hold", cause);
  }

  /** A commit that failed: whether it took effect is unknown. */
  private static final class CommitUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommitUnknownException(SQLException cause) {
      super(cause);
    }
  }

  /** One caller's entry (or work) and the answer it waits for. */
  private static final class Request {
    final NewEntry entry;
    final Work<?> work;
    final String what;
    final CompletableFuture<Object> result = new CompletableFuture<>();

    private Request(NewEntry entry, Work<?> work, String what) {
      this.entry = entry;
      this.work = work;
      this.what = what;
    }

    static Request entry(NewEntry entry) {
      return new Request(entry, null, "book the entry");
    }

    static Request work(String what, Work<?> work) {
      return new Request(null, work, what);
    }

    void complete(Object outcome) {
      if (outcome instanceof Throwable refused) {
        result.completeExceptionally(refused);
      } else {
        result.complete(outcome);
      }
    }
  }
}
