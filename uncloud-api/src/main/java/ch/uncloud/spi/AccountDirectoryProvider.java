package ch.uncloud.spi;

/**
 * Creates {@link AccountDirectory}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.AccountDirectoryProvider}.
 */
public interface AccountDirectoryProvider extends Provider<AccountDirectory> {
}
