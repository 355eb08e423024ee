package ch.uncloud.spi;

/**
 * Creates {@link ShopStore}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.ShopStoreProvider}.
 */
public interface ShopStoreProvider extends Provider<ShopStore> {
}
