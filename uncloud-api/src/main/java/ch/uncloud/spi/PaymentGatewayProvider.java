package ch.uncloud.spi;

/**
 * Creates {@link PaymentGateway}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.PaymentGatewayProvider}.
 */
public interface PaymentGatewayProvider extends Provider<PaymentGateway> {
}
