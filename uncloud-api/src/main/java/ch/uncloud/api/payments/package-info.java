/**
 * Cards and card payments: registrations, payments, refunds,
 * {@link ch.uncloud.api.payments.CardTopUps} of the credit balance, and the provider's own reports
 * ({@link ch.uncloud.api.payments.PaymentEvent}s, applied by {@link ch.uncloud.api.payments.PaymentEvents}).
 * Card data never passes through uncloud.
 */
package ch.uncloud.api.payments;
