package ch.uncloud.api.credit;

/**
 * Which pots of an account an entry books into. An account has two pots per currency: paid credit
 * (deposits, and the debt that locks an account) and quota (allowances granted on a schedule, spent
 * before paid credit). Each pot's balance is the sum of the entries' parts in it; the account's
 * balance is the sum of both.
 */
public enum Pot {
  /**
   * Both pots, by the ledger's rule: a charge is spent from quota first and the rest from paid credit,
   * a deposit is paid credit, a reversal returns each part of the reversed entry to its own pot.
   */
  SPLIT,
  /**
   * The quota pot only: a grant (a deposit that fills the pot at most up to its cap) or a lapse at a
   * grant's expiry (a charge of at most what is left in the pot). Never touches paid credit.
   */
  QUOTA
}
