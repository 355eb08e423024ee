package ch.uncloud.spi;

/**
 * Creates {@link ServerOrdering}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.ServerOrderingProvider}.
 */
public interface ServerOrderingProvider extends Provider<ServerOrdering> {
}
