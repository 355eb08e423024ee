package ch.uncloud.spi;

/**
 * Creates {@link PaymentGateway}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.PaymentGatewayProvider}.
 */
public interface PaymentGatewayProvider extends Provider<PaymentGateway> {
  /**
   * Creates a gateway that keeps its customer ids in the given records (when {@value
   * PaymentRecordsProvider#KEY} names them) instead of a store of its own. The records stay the
   * caller's: the gateway does not close them.
   *
   * @param config the configuration
   * @param records the shared payment records
   * @return a gateway; the default ignores the records and calls {@link #create(ProviderConfig)}
   */
  default PaymentGateway create(ProviderConfig config, PaymentRecords records) {
    return create(config);
  }
}
