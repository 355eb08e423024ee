package ch.uncloud.api.credit;


/** What a ledger entry records. */
public enum EntryKind {
  /** Money the user spent at a service; lowers the balance. */
  CHARGE,
  /** Money paid in (cash, card top-up, bank transfer); raises the balance. */
  DEPOSIT,
  /** A storno: undoes exactly one earlier charge or deposit by booking its opposite. */
  REVERSAL
}
