package ch.uncloud.api.credit;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Objects;

/**
 * A reservation of credit (the first phase of a two-phase charge): while open it lowers the
 * account's available amount, never its balance, so a hold never locks anyone. It ends once: by a
 * capture (which books a charge of at most the held amount), by a release, or by its expiry.
 *
 * @param id the hold's id
 * @param service the service that holds
 * @param account the account whose credit is held
 * @param amount the amount held
 * @param comment what it is for
 * @param principal the admin who reserved it
 * @param createdAt when it was reserved
 * @param expiresAt when it releases itself unless ended before
 * @param idempotencyKey the caller's key, or {@code null}
 * @param endedAs {@link HoldState#CAPTURED} or {@link HoldState#RELEASED} once ended by a call;
 *     {@code null} while not ended that way (see {@link #state(Instant)} for expiry)
 * @param endedAt when the capture or release was booked, or {@code null}
 * @param capture the charge a capture booked, or {@code null}
 * @param replayed true if this is the stored hold of an earlier reserve with the same idempotency key
 */
public record Hold(HoldId id, ServiceName service, Username account, Money amount, String comment, String principal,
    Instant createdAt, Instant expiresAt, IdempotencyKey idempotencyKey, HoldState endedAs, Instant endedAt,
    EntryId capture, boolean replayed) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param id the hold's id
   * @param service the service that holds
   * @param account the account whose credit is held
   * @param amount the amount held
   * @param comment what it is for
   * @param principal the admin who reserved it
   * @param createdAt when it was reserved
   * @param expiresAt when it releases itself unless ended before
   * @param idempotencyKey the caller's key, or {@code null}
   * @param endedAs CAPTURED or RELEASED once ended by a call, or {@code null}
   * @param endedAt when the capture or release was booked, or {@code null}
   * @param capture the charge a capture booked, or {@code null}
   * @param replayed true if this is the stored hold of an earlier reserve with the same idempotency key
   */
  public Hold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (endedAs == HoldState.OPEN || endedAs == HoldState.EXPIRED) {
      throw new IllegalArgumentException("a hold is ended by a call as CAPTURED or RELEASED only");
    }
  }

  /**
   * @param now the current time
   * @return the hold's state at that time: an open hold past its expiry is {@link HoldState#EXPIRED}
   */
  public HoldState state(Instant now) {
    if (endedAs != null) {
      return endedAs;
    }
    return now.isBefore(expiresAt) ? HoldState.OPEN : HoldState.EXPIRED;
  }

  /**
   * @param now the current time
   * @return whether it still lowers the available amount at that time
   */
  public boolean isOpen(Instant now) {
    return state(now) == HoldState.OPEN;
  }

  /**
   * @param how {@link HoldState#CAPTURED} or {@link HoldState#RELEASED}
   * @param at when
   * @param charge the capture's charge, or {@code null}
   * @return this hold, ended
   */
  public Hold ended(HoldState how, Instant at, EntryId charge) {
    return new Hold(id, service, account, amount, comment, principal, createdAt, expiresAt, idempotencyKey, how, at,
        charge, false);
  }

  /**
   * @param wasReplayed whether it is the answer to a replayed reserve
   * @return this hold with that flag
   */
  public Hold withReplayed(boolean wasReplayed) {
    return new Hold(id, service, account, amount, comment, principal, createdAt, expiresAt, idempotencyKey, endedAs,
        endedAt, capture, wasReplayed);
  }

  /**
   * The ledger's integrity checks before a capture of this hold (not yet captured) books {@code charge}.
   *
   * @param charge the capture's charge
   * @throws NotFoundException ({@code unknown_hold}) if the charge is for another service or account
   * @throws ConflictException ({@code hold_closed}) if the hold was released or expired before the charge's time
   * @throws InvalidRequestException ({@code capture_exceeds_hold}) if the charge is larger than the hold
   */
  public void checkCapture(NewEntry charge) {
    if (!service.equals(charge.service()) || !account.equals(charge.account()) || charge.kind() != EntryKind.CHARGE) {
      throw unknown(id);
    }
    HoldState state = state(charge.bookedAt());
    if (state != HoldState.OPEN) {
      throw closed(state);
    }
    if (charge.delta().negate().compareTo(amount) > 0) {
      throw new InvalidRequestException(ErrorCodes.CAPTURE_EXCEEDS_HOLD, "hold " + id + " reserved " + amount
          + "; capture at most that, and book the rest as a charge of its own");
    }
  }

  /**
   * @param now the current time
   * @return whether a release has to be written (the hold is open); false if it is released or expired already
   * @throws ConflictException ({@code hold_closed}) if it was captured
   */
  public boolean checkRelease(Instant now) {
    HoldState state = state(now);
    if (state == HoldState.CAPTURED) {
      throw closed(state);
    }
    return state == HoldState.OPEN;
  }

  /**
   * @param id a hold id
   * @return the error for a hold that does not exist, or is another service's: the same answer
   */
  public static NotFoundException unknown(HoldId id) {
    return new NotFoundException(ErrorCodes.UNKNOWN_HOLD, "no hold with id " + id + " exists in a service you own; "
        + "check the id the reserve returned");
  }

  private ConflictException closed(HoldState state) {
    return new ConflictException(ErrorCodes.HOLD_CLOSED, "hold " + id + " is " + state.name().toLowerCase(java.util.Locale.ROOT)
        + "; reserve a new hold, or book the charge directly");
  }

  /**
   * Whether this hold is the one a request made, for telling a retried reserve from a conflicting reuse of a key.
   *
   * @param other a new hold to compare
   * @return true if service, account, amount, comment and principal match
   */
  public boolean samePayloadAs(Hold other) {
    return service.equals(other.service) && account.equals(other.account) && amount.equals(other.amount)
        && comment.equals(other.comment) && principal.equals(other.principal);
  }
}
