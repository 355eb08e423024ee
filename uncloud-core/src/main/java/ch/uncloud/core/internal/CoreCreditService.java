package ch.uncloud.core.internal;

import ch.uncloud.api.AuthenticationException;
import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeOutcome;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.HoldRequest;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.LockReconciliation;
import ch.uncloud.api.credit.MisspelledAccount;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.credit.PostingOutcome;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.api.credit.StartDecision;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * user exists (404), for a charge the service's access filter admits the user (403), idempotency key
 * (409).
 *
 * <p>Every user name is resolved once to the directory's stored spelling ({@link KnownUsers}) before
 * the ledger, the lock flag or an answer sees it: {@code NETHZUSER} books on {@code nethzuser}.
 */
public final class CoreCreditService implements CreditService {

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
  private final CreditLimits limits;

  public CoreCreditService(Ledger ledger, AccountDirectory directory, Clock clock, Currency currency, ZoneId zone,
      Map<ServiceName, ServiceDefinition> services, AdminRegistry admins, Duration sessionTtl, Duration flagTtl,
      CreditLimits limits) {
    this.limits = limits;
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

  @Override
  public Currency currency() {
    return currency;
  }

  @Override
  public List<ServiceDefinition> services() {
    return List.copyOf(services.values());
  }

  @Override
  public AdminSession authenticate(String admin, Secret password) {
    if (admin == null || admin.isBlank() || password == null || password.isEmpty()) {
      throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
    }
    AdminSession cached = verified.lookup(admin, password);
    if (cached != null) {
      return cached;
    }
    admins.verify(admin, password);
    AdminSession session = new CoreAdminSession(admin, ownedBy(admin), clock.instant().plus(sessionTtl), this);
    verified.remember(admin, password, session);
    return session;
  }

  @Override
  public Charge chargeUser(String admin, Secret password, ChargeRequest request) {
    return chargeUser(authenticate(admin, password), request);
  }

  @Override
  public Charge chargeUser(AdminSession session, ChargeRequest request) {
    return book(chargeEntry(session, request, clock.instant()));
  }

  @Override
  public List<ChargeOutcome> chargeAll(AdminSession session, List<ChargeRequest> requests) {
    Instant now = clock.instant();
    requireValid(session, now);
    if (requests.size() > MAX_BATCH) {
      throw new InvalidRequestException(ErrorCodes.BATCH_TOO_LARGE, "a batch holds at most " + MAX_BATCH
          + " charges, not " + requests.size() + "; split it");
    }
    ChargeOutcome[] outcomes = new ChargeOutcome[requests.size()];
    List<NewEntry> entries = new ArrayList<>(requests.size());
    List<Integer> positions = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      try {
        entries.add(chargeEntry(session, Objects.requireNonNull(requests.get(i), "request"), now));
        positions.add(i);
      } catch (ProviderUnavailableException unavailable) {
        throw unavailable;
      } catch (UncloudException refused) {
        outcomes[i] = new ChargeOutcome(null, refused);
      }
    }
    List<PostingOutcome> posted = ledger.postAll(entries);
    // each account's lock flag once, from its last balance in the batch
    Map<Username, LockPolicy.Outcome> flags = new HashMap<>();
    for (int i = posted.size() - 1; i >= 0; i--) {
      Posting posting = posted.get(i).posting();
      if (posting != null && !flags.containsKey(posting.entry().account())) {
        LedgerEntry last = posting.entry();
        flags.put(last.account(), lockPolicy.afterChange(last.account(), last.creditAfter(), now));
      }
    }
    for (int i = 0; i < posted.size(); i++) {
      outcomes[positions.get(i)] = chargeOutcome(entries.get(i), posted.get(i), flags);
    }
    return List.of(outcomes);
  }

  private static ChargeOutcome chargeOutcome(NewEntry entry, PostingOutcome outcome,
      Map<Username, LockPolicy.Outcome> flags) {
    if (outcome.refusal() != null) {
      return new ChargeOutcome(null, outcome.refusal());
    }
    Posting posting = outcome.posting();
    LedgerEntry stored = posting.entry();
    if (posting.replayed() && !stored.samePayloadAs(entry)) {
      return new ChargeOutcome(null, reusedKey(entry, stored));
    }
    LockPolicy.Outcome flag = flags.get(stored.account());
    return new ChargeOutcome(new BookedCharge(stored, flag.locked(), flag.pending(), posting.replayed()), null);
  }

  private NewEntry chargeEntry(AdminSession session, ChargeRequest request, Instant now) {
    ServiceDefinition service = ownedService(session, request.service(), now);
    checkAmount(service, request.amount());
    String comment = checkComment(request.comment());
    Username user = knownUsers.require(request.user(), now);
    requireAccess(service, user);
    return new NewEntry(EntryId.random(), EntryKind.CHARGE, service.name(), user,
        request.amount().negate(), comment, session.admin(), now, request.idempotencyKey(), null,
        limits.floorFor(service, user, currency));
  }

  @Override
  public Hold reserve(AdminSession session, HoldRequest request) {
    Instant now = clock.instant();
    ServiceDefinition service = ownedService(session, request.service(), now);
    checkAmount(service, request.amount());
    if (request.expiresIn().isNegative() || request.expiresIn().isZero() || request.expiresIn().compareTo(MAX_HOLD) > 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a hold expires after a positive duration of at most "
          + MAX_HOLD.toDays() + " days, not " + request.expiresIn());
    }
    String comment = checkComment(request.comment());
    Username user = knownUsers.require(request.user(), now);
    requireAccess(service, user);
    Hold hold = new Hold(HoldId.random(), service.name(), user, request.amount(), comment, session.admin(), now,
        now.plus(request.expiresIn()), request.idempotencyKey(), null, null, null, false);
    Hold stored = ledger.reserve(hold, limits.floorFor(service, user, currency));
    if (stored.replayed() && !stored.samePayloadAs(hold)) {
      throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "idempotency key " + request.idempotencyKey()
          + " was already used for hold " + stored.id() + " with a different request; use a new key for a new hold");
    }
    return stored;
  }

  @Override
  public Charge capture(AdminSession session, HoldId holdId, Money amount, String comment) {
    Instant now = clock.instant();
    Hold hold = ownedHold(session, holdId, now);
    checkAmount(service(hold.service()), amount);
    String text = comment == null || comment.isBlank() ? hold.comment() : checkComment(comment);
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.CHARGE, hold.service(), hold.account(), amount.negate(),
        text, session.admin(), now, null, null);
    Posting posting = ledger.capture(holdId, entry);
    if (posting.replayed() && !posting.entry().delta().equals(entry.delta())) {
      throw new ConflictException(ErrorCodes.HOLD_CLOSED, "hold " + holdId + " was captured before with "
          + posting.entry().delta().negate() + " (" + posting.entry().id() + "); a hold is captured once");
    }
    return afterPosting(posting, now);
  }

  @Override
  public Hold release(AdminSession session, HoldId holdId) {
    Instant now = clock.instant();
    ownedHold(session, holdId, now);
    return ledger.release(holdId, now);
  }

  /** Another service's hold is answered like a missing one, so ids cannot be probed. */
  private Hold ownedHold(AdminSession session, HoldId holdId, Instant now) {
    requireValid(session, now);
    return ledger.findHold(holdId).filter(h -> session.owns(h.service())).orElseThrow(() -> Hold.unknown(holdId));
  }

  @Override
  public Charge deposit(AdminSession session, DepositRequest request) {
    Instant now = clock.instant();
    ServiceDefinition service = ownedService(session, request.service(), now);
    checkAmount(service, request.amount());
    String comment = checkComment(request.comment());
    Username user = knownUsers.require(request.user(), now);
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.DEPOSIT, service.name(), user,
        request.amount(), comment, session.admin(), now, request.idempotencyKey(), null);
    return book(entry);
  }

  @Override
  public Charge reverse(AdminSession session, EntryId entryId, String reason, IdempotencyKey idempotencyKey) {
    requireValid(session);
    // another service's entry is answered like a missing one, so ids cannot be probed
    LedgerEntry original = ledger.find(entryId).filter(entry -> session.owns(entry.service()))
        .orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_CHARGE, "no charge with id " + entryId
            + " exists in a service you own; only an owner of the service that booked it may reverse it"));
    if (original.kind() == EntryKind.REVERSAL) {
      throw new InvalidRequestException(ErrorCodes.NOT_REVERSIBLE, entryId + " is itself a reversal; book a new charge or deposit instead");
    }
    String comment = checkComment(reason);
    Instant now = clock.instant();
    NewEntry entry = new NewEntry(EntryId.random(), EntryKind.REVERSAL, original.service(), original.account(),
        original.delta().negate(), comment, session.admin(), now, idempotencyKey, original.id());
    boolean misspelled = knownUsers.find(original.account(), now).filter(c -> !c.equals(original.account())).isPresent();
    // a storno of an entry on another spelling's account (from before names were resolved) stays on that
    // account, but the person's lock flag follows the person's own account only
    return misspelled ? bookWithoutLockFlag(entry) : book(entry);
  }

  @Override
  public Money amountAvailable(Username user) {
    return status(user).available();
  }

  @Override
  public Account status(Username asked) {
    Username user = knownUsers.require(asked);
    Money balance = ledger.balance(user, currency);
    Money quota = ledger.quota(user, currency);
    return new Account(user, balance, balance.minus(quota).isNegative() || directory.isLocked(user),
        ledger.held(user, currency, clock.instant()), quota);
  }

  @Override
  public Account status(AdminSession session, Username user) {
    requireValid(session);
    if (session.ownedServices().isEmpty() && !admins.isReader(session.admin())) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " owns no service; "
          + "only owners of a service and readers (uncloud.admins.readers) may read balances");
    }
    return status(user);
  }

  @Override
  public StartDecision mayStart(AdminSession session, ServiceName service, Username user) {
    requireValid(session);
    service(service);
    if (!session.owns(service) && !admins.isReader(session.admin())) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " does not own service "
          + service + "; only its owners and readers (uncloud.admins.readers) may ask for its start decisions");
    }
    return mayStart(service, user);
  }

  @Override
  public StartDecision mayStart(ServiceName service, Username asked) {
    ServiceDefinition definition = service(service);
    Username user = knownUsers.require(asked);
    Account account = status(user);
    if (account.locked()) {
      return StartDecision.LOCKED;
    }
    if (account.available().isNegative()) {
      return StartDecision.INSUFFICIENT_FUNDS;
    }
    if (!directory.isAuthorized(user, definition.accessFilter())) {
      return StartDecision.NOT_AUTHORIZED;
    }
    return StartDecision.OK;
  }

  @Override
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

  @Override
  public LockReconciliation reconcileLocks() {
    return lockPolicy.reconcile();
  }

  @Override
  public LockReconciliation reconcileLocks(AdminSession session) {
    visibleServices(session);
    return reconcileLocks();
  }

  @Override
  public List<MisspelledAccount> misspelledAccounts() {
    List<MisspelledAccount> misspelled = new ArrayList<>();
    Instant now = clock.instant();
    for (AccountBalance account : ledger.balances(currency)) {
      knownUsers.find(account.account(), now).filter(canonical -> !canonical.equals(account.account()))
          .ifPresent(canonical -> misspelled.add(new MisspelledAccount(account.account(), canonical, account.balance())));
    }
    return misspelled;
  }

  /**
   * Books an entry on behalf of uncloud itself (bills, card payments): no admin, no maximum, but the
   * same ledger, idempotency and lock rules as every other booking.
   */
  Charge bookSystemEntry(EntryKind kind, ServiceName service, Username user, Money amount, String comment,
      String principal, IdempotencyKey key) {
    if (!amount.isPositive()) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_POSITIVE, "amount must be positive, got " + amount);
    }
    Money delta = kind == EntryKind.CHARGE ? amount.negate() : amount;
    String text = comment.length() > MAX_COMMENT_LENGTH ? comment.substring(0, MAX_COMMENT_LENGTH) : comment;
    return book(new NewEntry(EntryId.random(), kind, service, user, delta, text, principal, clock.instant(), key, null));
  }

  /**
   * @param user a user name as a caller sent it
   * @return the directory's stored spelling of it
   * @throws NotFoundException ({@code unknown_user}) if the directory has no such user
   */
  Username canonical(Username user) {
    return knownUsers.require(user);
  }

  /** @return the resolver every service of this core maps incoming user names through */
  public KnownUsers knownUsers() {
    return knownUsers;
  }

  /**
   * @param session an admin session
   * @param what what the admin wants to do, for the message
   * @throws ForbiddenException ({@code not_service_owner}) unless the admin owns the cashier service,
   *     whose owners may credit anyone
   */
  void requireCashier(AdminSession session, String what) {
    requireValid(session);
    if (!session.owns(DepositRequest.CASHIER)) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " does not own the cashier "
          + "service " + DepositRequest.CASHIER + ", whose owners may " + what + "; ask one of them");
    }
  }

  /**
   * @param session an admin session
   * @return the services whose entries the admin may read: {@code null} (all) for a reader, else those
   *     the admin owns
   * @throws ForbiddenException ({@code not_service_owner}) if the admin owns no service and is no reader
   */
  Set<ServiceName> visibleServices(AdminSession session) {
    requireValid(session);
    if (admins.isReader(session.admin())) {
      return null;
    }
    if (session.ownedServices().isEmpty()) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " owns no service; "
          + "only owners of a service and readers (uncloud.admins.readers) may read accounts");
    }
    return session.ownedServices();
  }

  /**
   * @param session an admin session
   * @param what what the admin wants to do, for the message
   * @throws ForbiddenException ({@code not_service_owner}) unless the admin owns the cashier service or is a reader
   */
  void requireCashierOrReader(AdminSession session, String what) {
    requireValid(session);
    if (!admins.isReader(session.admin())) {
      requireCashier(session, what);
    }
  }

  private void requireAccess(ServiceDefinition service, Username user) {
    if (service.checkAccessOnCharge() && !service.accessFilter().isEmpty()
        && !directory.isAuthorized(user, service.accessFilter())) {
      throw new ForbiddenException(ErrorCodes.NOT_AUTHORIZED, user + " may not use service " + service.name()
          + " (its access rule does not admit them), so nothing was booked; if the service bills after the fact, "
          + "set uncloud.service." + service.name() + ".check-access-on-charge=false");
    }
  }

  private Charge book(NewEntry entry) {
    // the booking's own time stands in for "now": one clock reading per booking
    return afterPosting(post(entry), entry.bookedAt());
  }

  private Charge afterPosting(Posting posting, Instant now) {
    LedgerEntry stored = posting.entry();
    LockPolicy.Outcome flag = lockPolicy.afterChange(stored.account(), stored.creditAfter(), now);
    return new BookedCharge(stored, flag.locked(), flag.pending(), posting.replayed());
  }

  private Charge bookWithoutLockFlag(NewEntry entry) {
    Posting posting = post(entry);
    return new BookedCharge(posting.entry(), posting.entry().balanceAfter().isNegative(), false, posting.replayed());
  }

  private Posting post(NewEntry entry) {
    Posting posting = ledger.post(entry);
    LedgerEntry stored = posting.entry();
    if (posting.replayed() && !stored.samePayloadAs(entry)) {
      throw reusedKey(entry, stored);
    }
    return posting;
  }

  private static ConflictException reusedKey(NewEntry entry, LedgerEntry stored) {
    return new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "idempotency key " + entry.idempotencyKey() + " was already used for "
        + stored.id() + " with a different request; use a new key for a new booking");
  }

  private ServiceDefinition ownedService(AdminSession session, ServiceName name, Instant now) {
    requireValid(session, now);
    ServiceDefinition service = service(name);
    if (!session.owns(name)) {
      throw new ForbiddenException(ErrorCodes.NOT_SERVICE_OWNER, "admin " + session.admin() + " does not own service " + name
          + "; ask an owner of " + name + " to book it");
    }
    return service;
  }

  private ServiceDefinition service(ServiceName name) {
    ServiceDefinition service = services.get(name);
    if (service == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_SERVICE, "no service named " + name + " is registered");
    }
    return service;
  }

  /**
   * @param session an admin session
   * @throws ch.uncloud.api.AuthenticationException ({@code session_expired}) unless this service issued it and it is valid
   */
  public void requireValid(AdminSession session) {
    requireValid(session, clock.instant());
  }

  private void requireValid(AdminSession session, Instant now) {
    if (!(session instanceof CoreAdminSession issued) || !issued.issuedBy(this)) {
      throw new AuthenticationException(ErrorCodes.SESSION_EXPIRED, "this admin session was not issued by this credit service; authenticate again");
    }
    if (!now.isBefore(session.expiresAt())) {
      throw new AuthenticationException(ErrorCodes.SESSION_EXPIRED, "the admin session of " + session.admin() + " expired at "
          + session.expiresAt() + "; authenticate again");
    }
  }

  private void checkAmount(ServiceDefinition service, Money amount) {
    if (!amount.currency().equals(currency)) {
      throw new InvalidRequestException(ErrorCodes.CURRENCY_MISMATCH, "service " + service.name() + " books in " + currency.getCurrencyCode()
          + ", not " + amount.currency().getCurrencyCode());
    }
    if (!amount.isPositive()) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_POSITIVE, "amount must be positive, got " + amount);
    }
    if (amount.amount().compareTo(service.maxAmount()) > 0) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_ABOVE_MAXIMUM, "amount " + amount + " exceeds the maximum single charge of "
          + Money.of(service.maxAmount(), currency) + " for service " + service.name());
    }
  }

  private static String checkComment(String comment) {
    if (comment == null || comment.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.COMMENT_MISSING, "a booking text (comment) is required");
    }
    if (comment.length() > MAX_COMMENT_LENGTH) {
      throw new InvalidRequestException(ErrorCodes.COMMENT_TOO_LONG, "the booking text has " + comment.length() + " characters; at most "
          + MAX_COMMENT_LENGTH + " are allowed");
    }
    for (int i = 0; i < comment.length(); i++) {
      char c = comment.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the booking text contains a control character");
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

  private record BookedCharge(LedgerEntry entry, boolean locked, boolean lockPending, boolean replayed)
      implements Charge {
    @Override
    public EntryId id() {
      return entry.id();
    }
  }
}
