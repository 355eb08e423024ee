/**
 * Ordering servers from a hosting provider: offers, prepared (priced) orders and checkouts.
 */
package ch.uncloud.api.servers;
