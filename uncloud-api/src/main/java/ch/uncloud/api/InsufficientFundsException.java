package ch.uncloud.api;

import java.util.Objects;

/**
 * A charge or hold was refused because it would take the account below its credit limit (HTTP 402,
 * {@link ErrorCodes#INSUFFICIENT_FUNDS}); nothing was booked. Carries what the account had available
 * when it was refused and the limit that applied, so a caller can tell the user without parsing the
 * message.
 */
public final class InsufficientFundsException extends PaymentException {
  private static final long serialVersionUID = 1L;

  /** What was available (balance less open holds) when the booking was refused. */
  private final Money available;
  /** How far below zero the account may go for this booking. */
  private final Money limit;

  /**
   * @param available the balance less open holds when the booking was refused
   * @param limit how far below zero the account may go for this booking (zero or positive)
   * @param what the refused booking, for the message (e.g. {@code "a charge of 12.00 CHF"})
   */
  public InsufficientFundsException(Money available, Money limit, String what) {
    super(ErrorCodes.INSUFFICIENT_FUNDS, what + " would take the account more than "
        + Objects.requireNonNull(limit, "limit") + " below zero, its credit limit (available now: "
        + Objects.requireNonNull(available, "available") + "), so nothing was booked; deposit first or book less");
    this.available = available;
    this.limit = limit;
  }

  /**
   * @return the balance less open holds when the booking was refused; negative when in debt
   */
  public Money available() {
    return available;
  }

  /**
   * @return how far below zero the account may go for this booking, as a positive amount (or zero)
   */
  public Money limit() {
    return limit;
  }
}
