package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.HoldState;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.credit.PostingOutcome;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.spi.AccountEntriesQuery;
import ch.uncloud.spi.Ledger;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable {@link Ledger} on SQLite (the embedded default: one file, WAL journal,
 * {@code synchronous=FULL}) or PostgreSQL (production; several processes may share one database).
 *
 * <p>Entries are append-only rows; each account's balance is a row updated in the same transaction
 * as the entry, so reading it is one lookup and it always equals the sum of the account's entries.
 * Amounts are stored exactly, as integers of the currency's minor unit.
 *
 * <p>{@link #post} uses group commit: concurrent callers are booked together in one transaction by
 * a single writer thread and each returns only after that transaction has committed. The schema is
 * created or migrated when the ledger opens; a database with a newer schema is refused.
 *
 * <p>Thread-safe. Close it to stop the writer and release the connections.
 */
public final class JdbcLedger implements Ledger, ch.uncloud.spi.MeteredProvider {
  static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Dialect dialect;
  private final HikariDataSource writerPool;
  private final HikariDataSource readerPool;
  private final GroupCommitWriter writer;
  private final WalCheckpointer checkpointer;
  /** Rare writes outside the group commit (unapplied payments); its connections are the writer pool's. */
  private final StoreAccess adminWrites;
  private final LongAdder commits = new LongAdder();
  private final JdbcOutbox outbox;
  private volatile boolean closed;

  JdbcLedger(Dialect dialect, HikariDataSource writerPool, HikariDataSource readerPool, int maxBatch,
      int writers, WalCheckpointer checkpointer) {
    this.dialect = dialect;
    this.writerPool = writerPool;
    this.readerPool = readerPool;
    this.checkpointer = checkpointer;
    this.adminWrites = new StoreAccess(dialect, writerPool, "ledger");
    this.writer = new GroupCommitWriter(dialect, writerPool, maxBatch, writers,
        "uncloud-ledger-writer-" + INSTANCES.incrementAndGet(), () -> {
          commits.increment();
          if (checkpointer != null) {
            checkpointer.committed();
          }
        });
    this.outbox = new JdbcOutbox(dialect, writer, this);
  }

  /**
   * Opens (and creates if needed) an SQLite ledger file with the default settings.
   *
   * @param file the database file; its directory must exist
   * @return the ledger
   * @throws ProviderUnavailableException if the file cannot be opened
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcLedger sqlite(Path file) {
    return builder().url("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /**
   * Connects to a PostgreSQL ledger with the default settings.
   *
   * @param url e.g. {@code jdbc:postgresql://db.example.org:5432/uncloud}
   * @param user the database user
   * @param password the user's password
   * @return the ledger
   * @throws ProviderUnavailableException if the database cannot be reached
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcLedger postgres(String url, String user, Secret password) {
    return builder().url(url).user(user).password(password).build();
  }

  /**
   * @return how many write transactions this ledger has committed since it opened, for measuring
   *     how many bookings share a commit (and so a forced write)
   */
  public long commits() {
    return commits.sum();
  }

  /**
   * Reads the store's settings that decide when a commit is durable, as a writer connection sees
   * them: SQLite's {@code journal_mode} and {@code synchronous} (2 is FULL), PostgreSQL's
   * {@code synchronous_commit}, {@code fsync} and {@code wal_sync_method}.
   *
   * @return setting name to value, sorted by name
   * @throws ProviderUnavailableException if the store cannot be reached
   */
  public Map<String, String> durabilitySettings() {
    Map<String, String> settings = new TreeMap<>();
    try (Connection c = writerPool.getConnection(); Statement st = c.createStatement()) {
      for (Map.Entry<String, String> query : dialect.durabilityQueries().entrySet()) {
        try (ResultSet rs = st.executeQuery(query.getValue())) {
          settings.put(query.getKey(), rs.next() ? rs.getString(1) : "?");
        }
      }
    } catch (SQLException e) {
      throw new ProviderUnavailableException(dialect.displayName() + " ledger cannot read its durability settings ("
          + e.getMessage() + "); check that the store is reachable", e);
    }
    return settings;
  }

  /** @return a builder for non-default settings */
  public static JdbcLedgerBuilder builder() {
    return new JdbcLedgerBuilder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks until the batch holding the entry has committed. If the connection breaks while
   * committing, whether the entry was stored is unknown: the caller retries with the same
   * idempotency key and gets the stored entry back if it was.
   */
  @Override
  public Posting post(NewEntry entry) {
    Objects.requireNonNull(entry, "entry");
    EntryRows.minor(entry.delta());
    EntryRows.nanos(entry.bookedAt());
    return writer.post(entry);
  }

  /** Books the batch in one commit; an entry the store cannot hold is refused on its own. */
  @Override
  public List<PostingOutcome> postAll(List<NewEntry> entries) {
    PostingOutcome[] outcomes = new PostingOutcome[entries.size()];
    List<NewEntry> storable = new ArrayList<>(entries.size());
    List<Integer> positions = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      NewEntry entry = Objects.requireNonNull(entries.get(i), "entry");
      try {
        EntryRows.minor(entry.delta());
        EntryRows.nanos(entry.bookedAt());
        storable.add(entry);
        positions.add(i);
      } catch (InvalidRequestException refused) {
        outcomes[i] = PostingOutcome.refused(refused);
      }
    }
    if (!storable.isEmpty()) {
      List<PostingOutcome> booked = writer.postAll(storable);
      for (int i = 0; i < booked.size(); i++) {
        outcomes[positions.get(i)] = booked.get(i);
      }
    }
    return List.of(outcomes);
  }

  @Override
  public Hold reserve(Hold hold, Money floor) {
    Objects.requireNonNull(hold, "hold");
    EntryRows.minor(hold.amount());
    return writer.exclusive("reserve a hold", c -> {
      Statements sql = Statements.writing(dialect, c);
      if (hold.idempotencyKey() != null) {
        Optional<Hold> stored = HoldRows.findByKey(sql, hold.service(), hold.idempotencyKey());
        if (stored.isPresent()) {
          return stored.get().withReplayed(true);
        }
      }
      if (floor != null) {
        BalanceKey key = new BalanceKey(hold.account().value(), hold.amount().currency().getCurrencyCode());
        long balance = dialect.lockBalances(c, List.of(key)).getOrDefault(key, 0L);
        Money available = EntryRows.money(balance - HoldRows.heldMinor(sql, key.account(), key.currency(),
            hold.createdAt()), hold.amount().currency());
        if (available.minus(hold.amount()).compareTo(floor) < 0) {
          throw new InsufficientFundsException(available, floor.negate(), "a hold of " + hold.amount());
        }
      }
      HoldRows.insert(sql, hold);
      return hold.withReplayed(false);
    });
  }

  @Override
  public Posting capture(HoldId id, NewEntry charge) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(charge, "charge");
    EntryRows.minor(charge.delta());
    return writer.exclusive("capture a hold", c -> {
      Statements sql = Statements.writing(dialect, c);
      Hold hold = HoldRows.find(sql, id).orElseThrow(() -> Hold.unknown(id));
      if (hold.endedAs() == HoldState.CAPTURED) {
        return new Posting(first(c, "WHERE id = ?", hold.capture().value()).orElseThrow(), true);
      }
      hold.checkCapture(charge);
      LedgerEntry stored = writer.appendOne(c, charge.withFloor(null));
      HoldRows.end(sql, id, HoldState.CAPTURED, charge.bookedAt(), stored.id());
      return new Posting(stored, false);
    });
  }

  @Override
  public Hold release(HoldId id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return writer.exclusive("release a hold", c -> {
      Statements sql = Statements.writing(dialect, c);
      Hold hold = HoldRows.find(sql, id).orElseThrow(() -> Hold.unknown(id));
      if (!hold.checkRelease(at)) {
        return hold;
      }
      HoldRows.end(sql, id, HoldState.RELEASED, at, null);
      return hold.ended(HoldState.RELEASED, at, null);
    });
  }

  /** @return which database the ledger writes ({@link StoreAccess#database()}) */
  String database() {
    return StoreAccess.database(writerPool);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Its tables are in the ledger's database; the entries' events are inserted in the batch's
   * transaction (nothing is written while no rule is set).
   */
  @Override
  public Optional<ch.uncloud.spi.EventOutbox> outbox() {
    return Optional.of(outbox);
  }

  @Override
  public List<Hold> holdsExpired(Instant fromInclusive, Instant toExclusive) {
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    return read("list expired holds", c -> HoldRows.expired(Statements.reading(c), EntryRows.boundNanos(fromInclusive),
        EntryRows.boundNanos(toExclusive)));
  }

  <T> T readOutbox(String what, SqlFunction<T> query) {
    return read(what, query);
  }

  @Override
  public Optional<Hold> findHold(HoldId id) {
    Objects.requireNonNull(id, "id");
    return read("find a hold", c -> HoldRows.find(Statements.reading(c), id));
  }

  @Override
  public Money held(Username account, Currency currency, Instant now) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(now, "now");
    return read("sum open holds", c -> EntryRows.money(
        HoldRows.heldMinor(Statements.reading(c), account.value(), currency.getCurrencyCode(), now), currency));
  }

  @Override
  public List<Hold> openHolds(Username account, Instant now) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(now, "now");
    return read("list open holds", c -> HoldRows.open(Statements.reading(c), account.value(), now));
  }

  @Override
  public Money balance(Username account, Currency currency) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(currency, "currency");
    return read("read a balance", c -> balanceRow(c, new BalanceKey(account.value(), currency.getCurrencyCode()), currency));
  }

  @Override
  public Money quota(Username account, Currency currency) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(currency, "currency");
    BalanceKey balance = new BalanceKey(account.value(), currency.getCurrencyCode());
    return read("read a quota pot", c -> balanceRow(c, QuotaPots.quotaKey(balance), currency));
  }

  private static Money balanceRow(Connection c, BalanceKey key, Currency currency) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT balance_minor FROM account_balance WHERE account = ? AND currency = ?")) {
      ps.setString(1, key.account());
      ps.setString(2, key.currency());
      try (ResultSet rs = ps.executeQuery()) {
        return EntryRows.money(rs.next() ? rs.getLong(1) : 0L, currency);
      }
    }
  }

  @Override
  public Optional<LedgerEntry> find(EntryId id) {
    Objects.requireNonNull(id, "id");
    return read("find an entry", c -> first(c, "WHERE id = ?", id.value()));
  }

  @Override
  public Optional<LedgerEntry> findReversalOf(EntryId reversed) {
    Objects.requireNonNull(reversed, "reversed");
    return read("find a reversal", c -> first(c, "WHERE reverses = ? AND reverses IS NOT NULL", reversed.value()));
  }

  @Override
  public List<LedgerEntry> entries(Username account) {
    Objects.requireNonNull(account, "account");
    return read("list an account's entries", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + EntryRows.COLUMNS + " FROM ledger_entry WHERE account = ? ORDER BY seq")) {
        ps.setString(1, account.value());
        return all(ps);
      }
    });
  }

  @Override
  public List<LedgerEntry> entries(AccountEntriesQuery query) {
    Objects.requireNonNull(query, "query");
    return read("read a page of an account's entries", c -> {
      try (PreparedStatement ps = c.prepareStatement(pageQuery(query.services().size(), query.after() != null,
          query.newestFirst()))) {
        int i = 1;
        ps.setString(i++, query.account().value());
        if (query.after() != null) {
          ps.setString(i++, query.account().value());
          ps.setString(i++, query.after().value());
        }
        ps.setLong(i++, EntryRows.boundNanos(query.from()));
        ps.setLong(i++, EntryRows.boundNanos(query.to()));
        for (ServiceName service : query.services()) {
          ps.setString(i++, service.value());
        }
        ps.setInt(i, query.limit());
        return all(ps);
      }
    });
  }

  /**
   * Walks the account's part of the (account, seq) index from the cursor on, forward or (newest first)
   * backward; an unknown cursor finds no seq, so the page is empty.
   *
   * @param services how many services the page is limited to (0: all)
   * @param after whether the page starts after an entry
   * @param newestFirst whether the page walks back from the latest entry
   * @return the query, its parameters: account, [account, after id], from, to, services..., limit
   */
  static String pageQuery(int services, boolean after, boolean newestFirst) {
    StringBuilder sql = new StringBuilder("SELECT " + EntryRows.COLUMNS + " FROM ledger_entry WHERE account = ?");
    if (after) {
      sql.append(" AND seq ").append(newestFirst ? "<" : ">")
          .append(" (SELECT seq FROM ledger_entry WHERE account = ? AND id = ?)");
    }
    sql.append(" AND booked_at_ns >= ? AND booked_at_ns < ?");
    if (services > 0) {
      sql.append(" AND service IN (").append(String.join(", ", java.util.Collections.nCopies(services, "?"))).append(")");
    }
    return sql.append(newestFirst ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?").toString();
  }

  @Override
  public List<LedgerEntry> entries(ServiceName service, Instant fromInclusive, Instant toExclusive) {
    Objects.requireNonNull(service, "service");
    long from = EntryRows.nanos(Objects.requireNonNull(fromInclusive, "fromInclusive"));
    long to = EntryRows.nanos(Objects.requireNonNull(toExclusive, "toExclusive"));
    return read("list a service's entries", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + EntryRows.COLUMNS + " FROM ledger_entry "
          + "WHERE service = ? AND booked_at_ns >= ? AND booked_at_ns < ? ORDER BY seq")) {
        ps.setString(1, service.value());
        ps.setLong(2, from);
        ps.setLong(3, to);
        return all(ps);
      }
    });
  }

  @Override
  public List<AccountBalance> balances(Currency currency) {
    Objects.requireNonNull(currency, "currency");
    return read("list balances", c -> {
      // a balance row may exist without entries (a refused booking locked it): leave those out
      try (PreparedStatement ps = c.prepareStatement("SELECT b.account, b.balance_minor FROM account_balance b "
          + "WHERE b.currency = ? AND EXISTS (SELECT 1 FROM ledger_entry e "
          + "WHERE e.account = b.account AND e.currency = b.currency) ORDER BY b.account")) {
        ps.setString(1, currency.getCurrencyCode());
        List<AccountBalance> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new AccountBalance(Username.of(rs.getString(1)), EntryRows.money(rs.getLong(2), currency)));
          }
        }
        return result;
      }
    });
  }

  @Override
  public UnappliedPayment keepUnapplied(UnappliedPayment payment) {
    Objects.requireNonNull(payment, "payment");
    return adminWrites.write("keep an unapplied payment", c -> UnappliedPaymentRows.keep(c, payment));
  }

  @Override
  public List<UnappliedPayment> unappliedPayments() {
    return read("list unapplied payments", UnappliedPaymentRows::all);
  }

  @Override
  public UnappliedPayment markApplied(String paymentId, Username account, EntryId entry, String appliedBy,
      Instant appliedAt) {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(appliedBy, "appliedBy");
    Objects.requireNonNull(appliedAt, "appliedAt");
    return adminWrites.write("record an applied payment",
        c -> UnappliedPaymentRows.markApplied(c, paymentId, account, entry, appliedBy, appliedAt));
  }

  /**
   * Records each group commit's size ({@code uncloud.ledger.batch.size}) and duration
   * ({@code uncloud.ledger.commit.latency}), and the outbox's backlog ({@code uncloud.outbox.backlog}),
   * tagged {@code store=sqlite} or {@code postgresql}; and the connection pools through HikariCP's own
   * tracker ({@code hikaricp.connections...}, tagged {@code pool=uncloud-ledger-writer} and
   * {@code uncloud-ledger-reader}).
   *
   * @throws IllegalStateException if called a second time (HikariCP takes one tracker per pool)
   */
  @Override
  public void recordMetricsTo(Object meterRegistry) {
    // the pools first: a second call fails there, before anything else is bound twice
    JdbcMeters.pools(meterRegistry, writerPool, readerPool);
    String store = dialect.displayName().toLowerCase(java.util.Locale.ROOT);
    writer.listen(JdbcMeters.commits(meterRegistry, store));
    JdbcMeters.backlog(meterRegistry, store, outbox::backlog);
  }

  /** Books what is queued, stops the writer thread and closes the connections. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    if (checkpointer != null) {
      checkpointer.close();
    }
    readerPool.close();
    writerPool.close();
  }

  @Override
  public String toString() {
    return "JdbcLedger[" + dialect.displayName() + "]";
  }

  private Optional<LedgerEntry> first(Connection c, String where, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + EntryRows.COLUMNS + " FROM ledger_entry " + where)) {
      ps.setString(1, value);
      List<LedgerEntry> found = all(ps);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static List<LedgerEntry> all(PreparedStatement ps) throws SQLException {
    List<LedgerEntry> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(EntryRows.read(rs));
      }
    }
    return result;
  }

  private <T> T read(String what, SqlFunction<T> query) {
    if (closed) {
      throw new ProviderUnavailableException(dialect.displayName() + " ledger is closed; open a new one");
    }
    try (Connection c = readerPool.getConnection()) {
      return query.apply(c);
    } catch (SQLException e) {
      throw new ProviderUnavailableException(dialect.displayName() + " ledger cannot " + what + " ("
          + e.getMessage() + "); check that the store is reachable and retry", e);
    }
  }

  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
  }

}
