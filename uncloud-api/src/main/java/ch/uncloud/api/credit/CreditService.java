package ch.uncloud.api.credit;

import ch.uncloud.api.AuthenticationException;
import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.util.Currency;
import java.util.List;

/**
 * The lab credit service: services charge users' credit accounts, users may overdraw and are then
 * locked until a deposit clears the debt, each service may only reverse its own bookings, and each
 * quarter is settled per service. Every ledger and directory gets the same rules because they live
 * in one implementation, not in the providers.
 *
 * <p>Thread-safe. Obtain it from {@link ch.uncloud.api.Uncloud#credit()}.
 *
 * <p>Checks run in this order, so each bad request gets the most useful error: admin credentials
 * (401), service exists (404), admin owns it (403), amount and currency (400), booking text (400),
 * user exists (404), idempotency key (409).
 */
public interface CreditService {
  /** The longest booking text accepted, in characters. */
  int MAX_COMMENT_LENGTH = 500;

  /** The most charges {@link #chargeAll} books in one batch. */
  int MAX_BATCH = 10_000;

  /** The longest a hold may stay open before it releases itself. */
  java.time.Duration MAX_HOLD = java.time.Duration.ofDays(31);

  /**
   * @return the currency every balance and service uses
   */
  Currency currency();

  /**
   * @return the registered services
   */
  List<ServiceDefinition> services();

  /**
   * Checks an admin's password once (slowly, on purpose) and returns a session for many calls.
   *
   * @param admin the admin's name
   * @param password the password
   * @return a session valid until {@link AdminSession#expiresAt()}
   * @throws BadCredentialsException if the name or password is wrong
   */
  AdminSession authenticate(String admin, Secret password);

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
  Charge chargeUser(String admin, Secret password, ChargeRequest request);

  /**
   * Books a charge. Overdraft is allowed: a charge that takes the balance below zero succeeds and
   * locks the account.
   *
   * @param session an admin session from {@link #authenticate}
   * @param request the charge
   * @return the booked charge (or, for a repeated idempotency key with the same payload, the first
   *     result) with the balance right after it and the current lock state
   * @throws AuthenticationException ({@code session_expired}) if the session expired or is not from this service
   * @throws NotFoundException ({@code unknown_service}) if the service is not registered
   * @throws ForbiddenException ({@code not_service_owner}) if the admin does not own the service
   * @throws InvalidRequestException ({@code currency_mismatch}) if the amount is not in the service's currency
   * @throws InvalidRequestException ({@code amount_not_positive}) if the amount is zero or negative
   * @throws InvalidRequestException ({@code amount_above_maximum}) if it exceeds the service's maximum single charge
   * @throws InvalidRequestException ({@code comment_missing}) if the booking text is missing
   * @throws InvalidRequestException ({@code comment_too_long}) if it is longer than {@link #MAX_COMMENT_LENGTH}
   * @throws NotFoundException ({@code unknown_user}) if the user is not in the directory
   * @throws ConflictException ({@code idempotency_conflict}) if the key was used before with another payload
   */
  Charge chargeUser(AdminSession session, ChargeRequest request);

  /**
   * Books many charges in one commit, for imports of a day's jobs. Each request is checked as
   * {@link #chargeUser(AdminSession, ChargeRequest)} checks it and keeps its own idempotency key; a
   * refused request (an unknown user, a credit limit, a reused key) does not fail the others. Limits
   * see the batch's earlier charges on the same account; each account's lock flag is set once, after
   * the batch, from its last balance.
   *
   * @param session an admin session from {@link #authenticate}
   * @param requests the charges, at most {@link #MAX_BATCH}
   * @return one outcome per request, in order: its charge or its refusal with the error code
   *     {@code chargeUser} would have thrown
   * @throws AuthenticationException ({@code session_expired}) if the session expired or is not from this service
   * @throws InvalidRequestException ({@code batch_too_large}) if there are more than {@link #MAX_BATCH} requests
   * @throws ch.uncloud.api.ProviderUnavailableException if the ledger cannot be reached: retry the
   *     batch, its requests keep their idempotency keys
   */
  List<ChargeOutcome> chargeAll(AdminSession session, List<ChargeRequest> requests);

  /**
   * Reserves credit before metered work starts (the first phase of a two-phase charge). The hold
   * lowers what is available (balance less open holds) but never the balance, so it never locks the
   * account; a service's or account's credit limit is checked against what is available, atomically.
   *
   * @param session an admin session owning the service
   * @param request the hold
   * @return the open hold (or, for a repeated idempotency key with the same payload, the first one)
   * @throws InvalidRequestException ({@code invalid_argument}) if the expiry is not positive or longer than {@link #MAX_HOLD}
   * @throws ch.uncloud.api.InsufficientFundsException ({@code insufficient_funds}) if it would pass a credit limit
   * @throws ConflictException ({@code idempotency_conflict}) if the key was used before with another payload
   * @see #chargeUser(AdminSession, ChargeRequest) for the other errors, checked in the same order
   */
  Hold reserve(AdminSession session, HoldRequest request);

  /**
   * Captures a hold: books a charge of at most the held amount and ends the hold, in one step. A
   * retried capture with the same amount returns the first charge ({@link Charge#replayed()}).
   *
   * @param session an admin session owning the hold's service
   * @param hold the hold
   * @param amount what the work cost, at most the held amount
   * @param comment the booking text, or {@code null} for the hold's own
   * @return the booked charge with the new balance and lock state
   * @throws NotFoundException ({@code unknown_hold}) if there is no such hold in a service the admin owns
   * @throws ConflictException ({@code hold_closed}) if it was released, expired, or captured with another amount
   * @throws InvalidRequestException ({@code capture_exceeds_hold}) if the amount is larger than the hold
   */
  Charge capture(AdminSession session, HoldId hold, Money amount, String comment);

  /**
   * Releases a hold without booking anything; releasing it again changes nothing.
   *
   * @param session an admin session owning the hold's service
   * @param hold the hold
   * @return the hold, ended
   * @throws NotFoundException ({@code unknown_hold}) if there is no such hold in a service the admin owns
   * @throws ConflictException ({@code hold_closed}) if it was captured
   */
  Hold release(AdminSession session, HoldId hold);

  /**
   * Books a deposit. Only owners of the deposit's service may book it; owners of
   * {@link DepositRequest#CASHIER} may deposit to any account. A deposit that brings the balance
   * back to zero or above unlocks the account.
   *
   * @param session an admin session
   * @param request the deposit
   * @return the booked deposit with the new balance and lock state
   * @throws ForbiddenException ({@code not_service_owner}) if the admin does not own the deposit's service
   * @see #chargeUser(AdminSession, ChargeRequest) for the other errors
   */
  Charge deposit(AdminSession session, DepositRequest request);

  /**
   * Reverses (storno) a charge or deposit by booking its exact opposite, pointing at the original.
   * Only an owner of the original's service may do this, and only once per entry.
   *
   * @param session an admin session
   * @param entryId the charge or deposit to reverse
   * @param reason why, recorded as the reversal's booking text
   * @param idempotencyKey the caller's key for safe retries, or {@code null}
   * @return the reversal with the new balance and lock state
   * @throws NotFoundException ({@code unknown_charge}) if there is no such entry, or it belongs to a service
   *     the admin does not own: the same answer, so nobody learns which ids exist elsewhere
   * @throws InvalidRequestException ({@code not_reversible}) if the entry is itself a reversal
   * @throws ConflictException ({@code already_reversed}) if the entry was already reversed
   */
  Charge reverse(AdminSession session, EntryId entryId, String reason, IdempotencyKey idempotencyKey);

  /**
   * What is available for new jobs: the balance less open holds. Negative means debt or holds beyond the balance.
   *
   * @param user the user
   * @return the balance less open holds
   * @throws NotFoundException ({@code unknown_user}) if the user is not in the directory
   */
  Money amountAvailable(Username user);

  /**
   * @param user the user
   * @return balance and lock state
   * @throws NotFoundException ({@code unknown_user}) if the user is not in the directory
   */
  Account status(Username user);

  /**
   * The user's balance and lock state, read by an admin: one who owns at least one service, or a
   * reader (an admin named in {@code uncloud.admins.readers}). This is what the REST gateway calls.
   *
   * @param session an admin session
   * @param user the user
   * @return balance and lock state
   * @throws ForbiddenException ({@code not_service_owner}) if the admin owns no service and is no reader
   * @throws NotFoundException ({@code unknown_user}) if the user is not in the directory
   */
  Account status(AdminSession session, Username user);

  /**
   * {@link #mayStart(ServiceName, Username)} asked by an admin: one who owns the service, or a reader
   * (an admin named in {@code uncloud.admins.readers}). This is what the REST gateway calls.
   *
   * @param session an admin session
   * @param service the service
   * @param user the user
   * @return the decision
   * @throws NotFoundException ({@code unknown_service}) if the service is not registered
   * @throws ForbiddenException ({@code not_service_owner}) if the admin neither owns the service nor is a reader
   */
  StartDecision mayStart(AdminSession session, ServiceName service, Username user);

  /**
   * Whether the user may start a job at the service: not when the account is locked (by its
   * balance or the directory's flag) or the user does not match the service's access rule.
   *
   * @param service the service
   * @param user the user
   * @return the decision and its reason
   * @throws NotFoundException ({@code unknown_service}) if the service is not registered
   * @throws NotFoundException ({@code unknown_user}) if the user is not in the directory
   */
  StartDecision mayStart(ServiceName service, Username user);

  /**
   * What a service booked in a quarter (counted in this service's zone), for the transfer with its
   * provider. Only owners of the service may read it.
   *
   * @param session an admin session
   * @param service the service
   * @param quarter the quarter
   * @return totals and line items
   * @throws ForbiddenException ({@code not_service_owner}) if the admin does not own the service
   */
  Settlement settlement(AdminSession session, ServiceName service, Quarter quarter);

  /**
   * Rewrites every lock flag that disagrees with the ledger (after a directory outage, or when
   * several processes share one ledger). Safe to run at any time and repeatedly.
   *
   * @return what was checked, corrected and could not be written
   */
  LockReconciliation reconcileLocks();

  /**
   * {@link #reconcileLocks()} asked by an admin: one who owns at least one service, or a reader. It
   * only writes the flags the ledger already decides, so it is no more than a read to the admin.
   *
   * @param session an admin session
   * @return what was checked, corrected and could not be written
   * @throws ForbiddenException ({@code not_service_owner}) if the admin owns no service and is no reader
   */
  LockReconciliation reconcileLocks(AdminSession session);

  /**
   * Lists the ledger accounts whose name is not the directory's spelling of the person the directory
   * finds for it (case, Unicode forms): accounts a ledger kept from before every name was resolved.
   * Reports only; no money moves.
   *
   * @return the misspelled accounts, in the ledger's order
   */
  List<MisspelledAccount> misspelledAccounts();

  /**
   * Counts a booking request that its caller refused before it reached this service, such as a
   * gateway that could not parse the amount of a {@code /charge} form or found a required field
   * missing, so that every refused booking is counted in one place, with the refusals of this service.
   * Books nothing and changes no state. Without a meter registry (and in this default) it only checks
   * the code; the service {@code UncloudCore} hands out with a registry counts it as
   * {@code uncloud.refusals{code}}.
   *
   * <p>The code becomes a meter tag, so it must come from a fixed set (an {@link
   * ch.uncloud.api.ErrorCodes} constant, a caller's own constant), never from the request's input.
   *
   * @param errorCode the error code the caller answered with, e.g. {@code malformed_amount}
   * @throws IllegalArgumentException if the code is not 1 to 64 lower-case letters, digits and
   *     {@code _}, starting with a letter
   */
  default void refusedBeforeCall(String errorCode) {
    int length = errorCode == null ? 0 : errorCode.length();
    boolean ok = length >= 1 && length <= 64 && errorCode.charAt(0) >= 'a' && errorCode.charAt(0) <= 'z';
    for (int i = 0; ok && i < length; i++) {
      char c = errorCode.charAt(i);
      ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }
    if (!ok) {
      throw new IllegalArgumentException("a refusal's error code must be 1 to 64 of a-z, 0-9 and '_' starting "
          + "with a letter (a constant such as malformed_amount, never the request's input)");
    }
  }
}
