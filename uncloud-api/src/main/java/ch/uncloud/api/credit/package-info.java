/**
 * The lab credit service: charges, deposits and reversals on an append-only ledger, balances, lock
 * state, "may this user start?" and quarterly settlement per service
 * ({@link ch.uncloud.api.credit.CreditService}).
 */
package ch.uncloud.api.credit;
