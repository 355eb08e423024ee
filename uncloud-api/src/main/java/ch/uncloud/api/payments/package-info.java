/**
 * Cards and card payments: registrations, payments, refunds and
 * {@link ch.uncloud.api.payments.CardTopUps} of the credit balance. Card data never passes through
 * uncloud.
 */
package ch.uncloud.api.payments;
