package ch.uncloud.api;

import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lab credit service: services charge users' credit accounts, users may overdraw and are then
 * locked until a deposit clears the debt, each service may only reverse its own bookings, and each
 * quarter is settled per service. Every ledger and directory gets the same rules because they live
 * here, not in the providers.
 *
 * <p>Thread-safe. Obtain it from {@link Uncloud#credit()}.
 *
 * <p>Checks run in this order, so each bad request gets the most useful error: admin credentials
 * (401), service exists (404), admin owns it (403), amount and currency (400), booking text (400),
 * user exists (404), idempotency key (409).
 */
public final class CreditService {
  /** The longest booking text accepted, in characters. */
  public static final int MAX_COMMENT_LENGTH = 500;

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final Clock clock;
  private final Currency currency;
  private final ZoneId zone;
  private final Map<ServiceName, ServiceDefinition> services;
  private final AdminRegistry admins;
  private final Duration sessionTtl;
  private final VerifiedCredentials verified;
  private final LockPolicy lockPolicy;
  private final KnownUsers knownUsers;

  CreditService(Ledger ledger, AccountDirectory directory, Clock clock, Currency currency, ZoneId zone,
      Map<ServiceName, ServiceDefinition> services, AdminRegistry admins, Duration sessionTtl, Duration flagTtl) {
    this.ledger = ledger;
    this.directory = directory;
    this.clock = clock;
    this.currency = currency;
    this.zone = zone;
    this.services = Map.copyOf(services);
    this.admins = admins;
    this.sessionTtl = sessionTtl;
    this.verified = new VerifiedCredentials(clock, Duration.ofMinutes(5));
    this.lockPolicy = new LockPolicy(ledger, directory, currency, clock, flagTtl);
    this.knownUsers = new KnownUsers(directory, clock, flagTtl);
  }

  /**
   * @return the currency every balance and service uses
   */
  public Currency currency() {
    return currency;
  }

  /**
   * @return the registered services
   */
  public List<ServiceDefinition> services() {
    return List.copyOf(services.values());
  }

  /**
   * Checks an admin's password once (slowly, on purpose) and returns a session for many calls.
   *
   * @param admin the admin's name
   * @param password the password
   * @return a session valid until {@link AdminSession#expiresAt()}
   * @throws BadCredentialsException if the name or password is wrong
   */
  public AdminSession authenticate(String admin, Secret password) {
    if (admin == null || admin.isBlank() || password == null || password.isEmpty()) {
      throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
    }
    AdminSession cached = verified.lookup(admin, password);
    if (cached != null) {
      return cached;
    }
    admins.verify(admin, password);
    AdminSession session = new AdminSession(admin, ownedBy(admin), clock.instant().plus(sessionTtl), this);
    verified.remember(admin, password, session);
    return session;
  }

  /**
   * Books a charge with raw admin credentials, for one-shot callers such as the REST gateway.
   * A repeated call with the same credentials skips the slow password check for a few minutes.
   *
   * @param admin the admin's name
   * @param password the admin's password
   * @param request the charge
   * @return the booked charge with the new balance and lock state
   * @see #chargeUser(AdminSession, ChargeRequest)
   */
  public Charge chargeUser(String admin, Secret password, ChargeRequest request) {
    return chargeUser(authenticate(admin, password), request);
  }

  /**
   * Books a charge. Overdraft is allowed: a charge that takes the balance below zero succeeds and
   * locks the account.
   *
   * @param session an admin session from {@link #authenticate}
   * @param request the charge
   * @return the booked charge (or, for a repeated idempotency key with the same payload, the first
   *     result) with the balance right after it and the current lock state
   * @throws SessionExpiredException if the session expired or is not from this service
   * @throws UnknownServiceException if the service is not registered
   * @throws NotServiceOwnerException if the admin does not own the service
   * @throws CurrencyMismatchException if the amount is not in the service's currency
   * @throws NonPositiveAmountException if the amount is zero or negative
   * @throws AmountAboveMaximumException if it exceeds the service's maximum single charge
   * @throws MissingCommentException if the booking text is missing
   * @throws CommentTooLongException if it is longer than {@link #MAX_COMMENT_LENGTH}
   * @throws UnknownUserException if the user is not in the directory
   * @throws IdempotencyConflictException if the key was used before with another payload
   */
  public Charge chargeUser(AdminSession session, ChargeRequest request) {
    Instant now = clock.instant();
    ServiceDefinition service = ownedService(session, request.service(), now);
    checkAmount(service, request.amount());
    String comment = checkComment(request.comment());
    knownUsers.require(request.user(), now);
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.CHARGE, service.name(), request.user(),
        request.amount().negate(), comment, session.admin(), now, request.idempotencyKey(), null);
    return book(entry);
  }

  /**
   * Books a deposit. Only owners of the deposit's service may book it; owners of
   * {@link DepositRequest#CASHIER} may deposit to any account. A deposit that brings the balance
   * back to zero or above unlocks the account.
   *
   * @param session an admin session
   * @param request the deposit
   * @return the booked deposit with the new balance and lock state
   * @throws NotServiceOwnerException if the admin does not own the deposit's service
   * @see #chargeUser(AdminSession, ChargeRequest) for the other errors
   */
  public Charge deposit(AdminSession session, DepositRequest request) {
    Instant now = clock.instant();
    ServiceDefinition service = ownedService(session, request.service(), now);
    checkAmount(service, request.amount());
    String comment = checkComment(request.comment());
    knownUsers.require(request.user(), now);
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.DEPOSIT, service.name(), request.user(),
        request.amount(), comment, session.admin(), now, request.idempotencyKey(), null);
    return book(entry);
  }

  /**
   * Reverses (storno) a charge or deposit by booking its exact opposite, pointing at the original.
   * Only an owner of the original's service may do this, and only once per entry.
   *
   * @param session an admin session
   * @param entryId the charge or deposit to reverse
   * @param reason why, recorded as the reversal's booking text
   * @param idempotencyKey the caller's key for safe retries, or {@code null}
   * @return the reversal with the new balance and lock state
   * @throws UnknownChargeException if there is no such entry
   * @throws NotServiceOwnerException if the admin does not own the entry's service
   * @throws NotReversibleException if the entry is itself a reversal
   * @throws AlreadyReversedException if the entry was already reversed
   */
  public Charge reverse(AdminSession session, EntryId entryId, String reason, IdempotencyKey idempotencyKey) {
    requireValid(session);
    LedgerEntry original = ledger.find(entryId).orElseThrow(() -> new UnknownChargeException(
        "no charge with id " + entryId + " exists"));
    if (!session.owns(original.service())) {
      throw new NotServiceOwnerException("admin " + session.admin() + " does not own service " + original.service()
          + ", which booked " + entryId + "; only an owner of that service may reverse it");
    }
    if (original.kind() == EntryKind.REVERSAL) {
      throw new NotReversibleException(entryId + " is itself a reversal; book a new charge or deposit instead");
    }
    String comment = checkComment(reason);
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.REVERSAL, original.service(), original.account(),
        original.delta().negate(), comment, session.admin(), clock.instant(), idempotencyKey, original.id());
    return book(entry);
  }

  /**
   * The user's balance: what is available for new jobs. Negative means debt (and a locked account).
   *
   * @param user the user
   * @return the balance
   * @throws UnknownUserException if the user is not in the directory
   */
  public Money amountAvailable(Username user) {
    knownUsers.require(user);
    return ledger.balance(user, currency);
  }

  /**
   * @param user the user
   * @return balance and lock state
   * @throws UnknownUserException if the user is not in the directory
   */
  public AccountStatus status(Username user) {
    Money balance = amountAvailable(user);
    return new AccountStatus(user, balance, balance.isNegative() || directory.isLocked(user));
  }

  /**
   * Whether the user may start a job at the service: not when the account is locked (by its
   * balance or the directory's flag) or the user does not match the service's access rule.
   *
   * @param service the service
   * @param user the user
   * @return the decision and its reason
   * @throws UnknownServiceException if the service is not registered
   * @throws UnknownUserException if the user is not in the directory
   */
  public StartDecision mayStart(ServiceName service, Username user) {
    ServiceDefinition definition = service(service);
    if (status(user).locked()) {
      return StartDecision.LOCKED;
    }
    if (!directory.isAuthorized(user, definition.accessFilter())) {
      return StartDecision.NOT_AUTHORIZED;
    }
    return StartDecision.OK;
  }

  /**
   * What a service booked in a quarter (counted in this service's zone), for the transfer with its
   * provider. Only owners of the service may read it.
   *
   * @param session an admin session
   * @param service the service
   * @param quarter the quarter
   * @return totals and line items
   * @throws NotServiceOwnerException if the admin does not own the service
   */
  public Settlement settlement(AdminSession session, ServiceName service, Quarter quarter) {
    ServiceDefinition definition = ownedService(session, service, clock.instant());
    List<LedgerEntry> lines = ledger.entries(definition.name(),
        quarter.start(zone).toInstant(), quarter.end(zone).toInstant());
    Money charged = Money.zero(currency);
    Money credited = Money.zero(currency);
    Money reversed = Money.zero(currency);
    for (LedgerEntry line : lines) {
      switch (line.kind()) {
        case CHARGE -> charged = charged.minus(line.delta());
        case DEPOSIT -> credited = credited.plus(line.delta());
        case REVERSAL -> reversed = reversed.plus(line.delta());
      }
    }
    Money net = charged.minus(credited).minus(reversed);
    return new Settlement(definition.name(), quarter, zone, charged, credited, reversed, net, lines);
  }

  /**
   * Rewrites every lock flag that disagrees with the ledger (after a directory outage, or when
   * several processes share one ledger). Safe to run at any time and repeatedly.
   *
   * @return what was checked, corrected and could not be written
   */
  public LockReconciliation reconcileLocks() {
    return lockPolicy.reconcile();
  }

  /**
   * Books an entry on behalf of uncloud itself (bills, card payments): no admin, no maximum, but the
   * same ledger, idempotency and lock rules as every other booking.
   */
  Charge bookSystemEntry(EntryKind kind, ServiceName service, Username user, Money amount, String comment,
      String principal, IdempotencyKey key) {
    if (!amount.isPositive()) {
      throw new NonPositiveAmountException("amount must be positive, got " + amount);
    }
    Money delta = kind == EntryKind.CHARGE ? amount.negate() : amount;
    String text = comment.length() > MAX_COMMENT_LENGTH ? comment.substring(0, MAX_COMMENT_LENGTH) : comment;
    return book(new NewEntry(EntryId.random(), kind, service, user, delta, text, principal, clock.instant(), key, null));
  }

  private Charge book(NewEntry entry) {
    Posting posting = ledger.post(entry);
    LedgerEntry stored = posting.entry();
    if (posting.replayed() && !stored.samePayloadAs(entry)) {
      throw new IdempotencyConflictException("idempotency key " + entry.idempotencyKey() + " was already used for "
          + stored.id() + " with a different request; use a new key for a new booking");
    }
    // the booking's own time stands in for "now": one clock reading per booking
    boolean locked = lockPolicy.afterChange(stored.account(), stored.balanceAfter(), entry.bookedAt());
    return new BookedCharge(stored, locked, posting.replayed());
  }

  private ServiceDefinition ownedService(AdminSession session, ServiceName name, Instant now) {
    requireValid(session, now);
    ServiceDefinition service = service(name);
    if (!session.owns(name)) {
      throw new NotServiceOwnerException("admin " + session.admin() + " does not own service " + name
          + "; ask an owner of " + name + " to book it");
    }
    return service;
  }

  private ServiceDefinition service(ServiceName name) {
    ServiceDefinition service = services.get(name);
    if (service == null) {
      throw new UnknownServiceException("no service named " + name + " is registered");
    }
    return service;
  }

  private void requireValid(AdminSession session) {
    requireValid(session, clock.instant());
  }

  private void requireValid(AdminSession session, Instant now) {
    if (session == null || !session.issuedBy(this)) {
      throw new SessionExpiredException("this admin session was not issued by this credit service; authenticate again");
    }
    if (!now.isBefore(session.expiresAt())) {
      throw new SessionExpiredException("the admin session of " + session.admin() + " expired at "
          + session.expiresAt() + "; authenticate again");
    }
  }

  private void checkAmount(ServiceDefinition service, Money amount) {
    if (!amount.currency().equals(currency)) {
      throw new CurrencyMismatchException("service " + service.name() + " books in " + currency.getCurrencyCode()
          + ", not " + amount.currency().getCurrencyCode());
    }
    if (!amount.isPositive()) {
      throw new NonPositiveAmountException("amount must be positive, got " + amount);
    }
    if (amount.amount().compareTo(service.maxAmount()) > 0) {
      throw new AmountAboveMaximumException("amount " + amount + " exceeds the maximum single charge of "
          + Money.of(service.maxAmount(), currency) + " for service " + service.name());
    }
  }

  private static String checkComment(String comment) {
    if (comment == null || comment.isBlank()) {
      throw new MissingCommentException("a booking text (comment) is required");
    }
    if (comment.length() > MAX_COMMENT_LENGTH) {
      throw new CommentTooLongException("the booking text has " + comment.length() + " characters; at most "
          + MAX_COMMENT_LENGTH + " are allowed");
    }
    for (int i = 0; i < comment.length(); i++) {
      char c = comment.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new InvalidArgumentException("the booking text contains a control character");
      }
    }
    return comment.strip();
  }

  private Set<ServiceName> ownedBy(String admin) {
    Set<ServiceName> owned = new HashSet<>();
    Username asUser = null;
    for (ServiceDefinition service : services.values()) {
      if (service.owners().contains(admin)) {
        owned.add(service.name());
        continue;
      }
      for (String group : service.ownerGroups()) {
        asUser = asUser == null ? Username.of(admin) : asUser;
        if (directory.isMember(asUser, group)) {
          owned.add(service.name());
          break;
        }
      }
    }
    return owned;
  }

  private record BookedCharge(LedgerEntry entry, boolean locked, boolean replayed) implements Charge {
    @Override
    public EntryId id() {
      return entry.id();
    }
  }
}
