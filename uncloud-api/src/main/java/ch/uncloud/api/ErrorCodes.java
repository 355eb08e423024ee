package ch.uncloud.api;

/**
 * The stable error codes of {@link UncloudException#errorCode()}, with the exception type (the
 * category, which fixes the HTTP status) each comes with. Codes never change between releases;
 * providers add codes of their own (e.g. {@code ovh_not_found}), named after the provider.
 */
public final class ErrorCodes {
  /** {@link InvalidRequestException}: A value is malformed or out of range (a name, an id, a parameter). */
  public static final String INVALID_ARGUMENT = "invalid_argument";

  /** {@link InvalidRequestException}: An amount is not a plain decimal such as {@code 10.50}. */
  public static final String MALFORMED_AMOUNT = "malformed_amount";

  /** {@link InvalidRequestException}: An amount has more decimals than its currency allows. */
  public static final String TOO_MANY_DECIMALS = "too_many_decimals";

  /** {@link InvalidRequestException}: An amount that must be positive is zero or negative. */
  public static final String AMOUNT_NOT_POSITIVE = "amount_not_positive";

  /** {@link InvalidRequestException}: A charge exceeds its service's largest single charge. */
  public static final String AMOUNT_ABOVE_MAXIMUM = "amount_above_maximum";

  /** {@link InvalidRequestException}: A batch holds more charges than {@code CreditService.MAX_BATCH}. */
  public static final String BATCH_TOO_LARGE = "batch_too_large";

  /** {@link InvalidRequestException}: The payment provider cannot express the amount in its currency units. */
  public static final String AMOUNT_NOT_REPRESENTABLE = "amount_not_representable";

  /** {@link InvalidRequestException}: The payment provider does not take an amount this small in its currency. */
  public static final String AMOUNT_BELOW_PROVIDER_MINIMUM = "amount_below_provider_minimum";

  /** {@link InvalidRequestException}: An amount is in another currency than the balance or service. */
  public static final String CURRENCY_MISMATCH = "currency_mismatch";

  /** {@link InvalidRequestException}: A booking text is required but missing or blank. */
  public static final String COMMENT_MISSING = "comment_missing";

  /** {@link InvalidRequestException}: A booking text is longer than allowed. */
  public static final String COMMENT_TOO_LONG = "comment_too_long";

  /** {@link InvalidRequestException}: A capture asks for more than its hold reserved. */
  public static final String CAPTURE_EXCEEDS_HOLD = "capture_exceeds_hold";

  /**
   * {@link InvalidRequestException}: The entry cannot be reversed: it is itself a reversal, or it is a
   * quota grant part of which is spent (its reversal would take the quota pot below zero).
   */
  public static final String NOT_REVERSIBLE = "not_reversible";

  /** {@link InvalidRequestException}: The payment did not succeed, so there is nothing to refund. */
  public static final String PAYMENT_NOT_REFUNDABLE = "payment_not_refundable";

  /** {@link InvalidRequestException}: A refund asks for more than is left unrefunded on the payment. */
  public static final String REFUND_EXCEEDS_PAYMENT = "refund_exceeds_payment";

  /** {@link InvalidRequestException}: A webhook call had no valid signature, or its timestamp is too old; it was not applied. */
  public static final String WEBHOOK_SIGNATURE_INVALID = "webhook_signature_invalid";

  /** {@link AuthenticationException}: A name and password were not accepted (see {@link BadCredentialsException}). */
  public static final String BAD_CREDENTIALS = "bad_credentials";

  /** {@link AuthenticationException}: An admin session expired or was not issued by this service. */
  public static final String SESSION_EXPIRED = "session_expired";

  /** {@link PaymentException}: The card issuer declined (see {@code CardDeclinedException}). */
  public static final String CARD_DECLINED = "card_declined";

  /** {@link PaymentException}: The card holder's bank wants the holder to confirm the payment. */
  public static final String CARD_AUTHENTICATION_REQUIRED = "card_authentication_required";

  /** {@link PaymentException}: A card registration has not been confirmed by the holder yet. */
  public static final String CARD_SETUP_INCOMPLETE = "card_setup_incomplete";

  /**
   * {@link PaymentException}: A charge or hold would take the account below its credit limit (see
   * {@link InsufficientFundsException}, which carries what is available and the limit); nothing was booked.
   */
  public static final String INSUFFICIENT_FUNDS = "insufficient_funds";

  /** {@link PaymentException}: The account has no default card to charge. */
  public static final String NO_PAYMENT_METHOD = "no_payment_method";

  /** {@link ForbiddenException}: The admin does not own the service. */
  public static final String NOT_SERVICE_OWNER = "not_service_owner";

  /**
   * {@link ForbiddenException}: The service's access rule does not admit the user (a charge for a
   * user the service may not serve books nothing).
   */
  public static final String NOT_AUTHORIZED = "not_authorized";

  /** {@link ForbiddenException}: The caller may not do this. */
  public static final String NOT_PERMITTED = "not_permitted";

  /** {@link NotFoundException}: No such parked event for that sink (it was never parked, or was sent again). */
  public static final String UNKNOWN_EVENT = "unknown_event";

  /** {@link NotFoundException}: No such user in the directory. */
  public static final String UNKNOWN_USER = "unknown_user";

  /** {@link NotFoundException}: No such service is registered. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  /** {@link NotFoundException}: No ledger entry with that id. */
  public static final String UNKNOWN_CHARGE = "unknown_charge";

  /** {@link NotFoundException}: No hold with that id in a service the caller owns. */
  public static final String UNKNOWN_HOLD = "unknown_hold";

  /** {@link NotFoundException}: No such product in the catalog. */
  public static final String UNKNOWN_PRODUCT = "unknown_product";

  /** {@link NotFoundException}: No such order for the account. */
  public static final String UNKNOWN_ORDER = "unknown_order";

  /** {@link NotFoundException}: No such card registration for the account. */
  public static final String UNKNOWN_CARD_SETUP = "unknown_card_setup";

  /** {@link NotFoundException}: No bill has that id (or it is not one the caller may see). */
  public static final String UNKNOWN_BILL = "unknown_bill";

  /** {@link InvalidRequestException}: The bill is not paid by invoice, so no bank transfer can mark it paid. */
  public static final String NOT_AN_INVOICE = "not_an_invoice";

  /** {@link ConflictException}: The bill was already paid another way; marking it paid would book it twice. */
  public static final String BILL_ALREADY_PAID = "bill_already_paid";

  /**
   * {@link ConflictException}: The invoice was already marked paid by a bank transfer with another
   * reference; its message names that reference (an answer for the admins who may mark invoices paid).
   * Nothing is booked; a second transfer is booked as a deposit.
   */
  public static final String MARKED_PAID_WITH_OTHER_REFERENCE = "marked_paid_with_other_reference";

  /** {@link NotFoundException}: No such payment for the account. */
  public static final String UNKNOWN_PAYMENT = "unknown_payment";

  /** {@link NotFoundException}: The card is not one of the account's saved cards. */
  public static final String UNKNOWN_PAYMENT_METHOD = "unknown_payment_method";

  /** {@link NotFoundException}: No such snapshot for the account. */
  public static final String UNKNOWN_SNAPSHOT = "unknown_snapshot";

  /** {@link NotFoundException}: No such VM for the account. */
  public static final String UNKNOWN_VM = "unknown_vm";

  /** {@link NotFoundException}: No such server order. */
  public static final String UNKNOWN_SERVER_ORDER = "unknown_server_order";

  /** {@link ConflictException}: An idempotency key was used before for a different request. */
  public static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";

  /** {@link ConflictException}: The entry was reversed before; an entry is reversed at most once. */
  public static final String ALREADY_REVERSED = "already_reversed";

  /**
   * {@link ConflictException}: The unapplied payment was applied to another account before; a payment
   * is booked once.
   */
  public static final String ALREADY_APPLIED = "already_applied";

  /** {@link ConflictException}: The hold has ended (captured, released or expired); it cannot be captured or released again. */
  public static final String HOLD_CLOSED = "hold_closed";

  /** {@link ConflictException}: An order breaks a shop rule (membership missing, limit per account, ended order). */
  public static final String ORDER_NOT_ALLOWED = "order_not_allowed";

  /** {@link ConflictException}: The VM already has a snapshot of that name. */
  public static final String SNAPSHOT_NAME_TAKEN = "snapshot_name_taken";

  /** {@link ConflictException}: The VM has its maximum of snapshots and none may be rotated out. */
  public static final String SNAPSHOT_LIMIT_REACHED = "snapshot_limit_reached";

  /** {@link ConflictException}: Clones depend on the snapshot (see {@code SnapshotHasClonesException}). */
  public static final String SNAPSHOT_HAS_CLONES = "snapshot_has_clones";

  /** {@link ConflictException}: A server order's checkout was sent but its outcome is unknown; it is never sent twice. */
  public static final String CHECKOUT_OUTCOME_UNKNOWN = "checkout_outcome_unknown";

  /** {@link ConfigurationException}: uncloud is misconfigured; the message names the key and the fix. */
  public static final String CONFIGURATION = "configuration";

  /** {@link ConfigurationException}: The payment provider refused uncloud's API key. */
  public static final String PAYMENT_PROVIDER_CREDENTIALS = "payment_provider_credentials";

  /** {@link ConfigurationException}: A storage object the configuration or inventory names (a pool, an image) does not exist. */
  public static final String STORAGE_MISSING = "storage_missing";

  /** {@link ProviderUnavailableException}: A backing system is unavailable or too slow; retry later. */
  public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

  /** {@link ProviderUnavailableException}: The payment provider could not be reached in time; retry later. */
  public static final String PAYMENT_PROVIDER_UNREACHABLE = "payment_provider_unreachable";

  /** {@link ProviderUnavailableException}: The payment provider limits the request rate; retry later. */
  public static final String PAYMENT_RATE_LIMITED = "payment_rate_limited";

  /** HTTP layer (uncloud-gateway), 400: The request path is not written canonically (percent-encoding, {@code ;} parameters, {@code .} or {@code ..} segments). */
  public static final String NON_CANONICAL_PATH = "non_canonical_path";

  /** HTTP layer (uncloud-gateway), 501: The request uses a transfer coding other than {@code chunked}. */
  public static final String UNSUPPORTED_TRANSFER_CODING = "unsupported_transfer_coding";

  /** HTTP layer (uncloud-gateway), 415: The request body has a content coding (e.g. gzip); bodies are accepted uncompressed only. */
  public static final String UNSUPPORTED_CONTENT_CODING = "unsupported_content_coding";

  /** HTTP layer (uncloud-gateway), 505: The request line names an HTTP version other than HTTP/1.1 or HTTP/1.0. */
  public static final String HTTP_VERSION_NOT_SUPPORTED = "http_version_not_supported";

  /** HTTP layer (uncloud-gateway), 408: The request body arrived slower than the minimum data rate; the connection is closed. */
  public static final String REQUEST_TIMEOUT = "request_timeout";

  private ErrorCodes() {}
}
