/**
 * The service provider interface: what a ledger, an account directory, a payment gateway, a snapshot
 * backend, server ordering or a shop store implements, and the {@link ch.uncloud.spi.Provider}
 * factories {@link java.util.ServiceLoader} discovers. A provider stores or transports; the rules
 * live in the core, so a fake and a real provider cannot disagree about one.
 */
package ch.uncloud.spi;
