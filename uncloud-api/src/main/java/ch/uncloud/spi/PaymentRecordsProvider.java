package ch.uncloud.spi;

/**
 * Creates the {@link PaymentRecords} the payment gateway and the core keep customer ids and applied
 * events in; discovered with {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/ch.uncloud.spi.PaymentRecordsProvider} and chosen with the key
 * {@value #KEY}: {@code jdbc} from {@code ch.uncloud:uncloud-jdbc} keeps them in the ledger's
 * database, so several processes on one database share them. Unset, a provider keeps its own
 * (Stripe: {@code uncloud.stripe.customer-store-file}).
 */
public interface PaymentRecordsProvider extends Provider<PaymentRecords> {
  /** The key that names the provider, e.g. {@code uncloud.payment-records=jdbc}. */
  String KEY = "uncloud.payment-records";
}
