package ch.uncloud.api.shop;

/** How an account pays its bills. */
public enum PaymentChoice {
  /** From the prepaid credit balance. */
  BALANCE,
  /** By the account's default card, off-session, when the bill is final. */
  CARD,
  /** On bill: an invoice left open, due 10 days after the bill is final. */
  INVOICE
}
