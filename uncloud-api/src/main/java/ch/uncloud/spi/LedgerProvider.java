package ch.uncloud.spi;

/**
 * Creates {@link Ledger}s; discovered with {@link java.util.ServiceLoader} and listed in the
 * provider jar's {@code META-INF/services/ch.uncloud.spi.LedgerProvider}.
 */
public interface LedgerProvider extends Provider<Ledger> {
}
