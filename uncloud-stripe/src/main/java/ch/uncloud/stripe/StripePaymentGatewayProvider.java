package ch.uncloud.stripe;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentGatewayProvider;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.ProviderConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a {@link StripePaymentGateway} from configuration; registered as {@code stripe}.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code uncloud.stripe.secret-key}</td><td>required secret reference ({@code env:STRIPE_SECRET_KEY} or
 * {@code file:PATH})</td></tr>
 *   <tr><td>{@code uncloud.stripe.api-base}</td><td>optional API base URL, e.g. a fake's {@code
 * http://127.0.0.1:12111}</td></tr>
 *   <tr><td>{@code uncloud.stripe.webhook-secret}</td><td>optional secret reference to the webhook signing secret
 * ({@code whsec_...}); without it the gateway receives no webhooks</td></tr>
 *   <tr><td>{@code uncloud.stripe.connect-timeout-ms}</td><td>default 10000</td></tr>
 *   <tr><td>{@code uncloud.stripe.read-timeout-ms}</td><td>default 40000; past it a charge's outcome is
 * UNKNOWN</td></tr>
 *   <tr><td>{@code uncloud.stripe.max-network-retries}</td><td>default 2, 0 to 10</td></tr>
 *   <tr><td>{@code uncloud.stripe.publishable-key}</td><td>optional publishable key ({@code pk_test_...}), handed
 * to card holders with each card registration for Stripe.js</td></tr>
 *   <tr><td>{@code uncloud.stripe.customer-store-file}</td><td>file remembering which Stripe customer
 * belongs to which account, so a restart does not create second customers; required unless
 * {@code uncloud.payment-records=jdbc} keeps them in the ledger's database</td></tr>
 * </table>
 */
public final class StripePaymentGatewayProvider implements PaymentGatewayProvider {
  private static final Logger LOG = LoggerFactory.getLogger(StripePaymentGatewayProvider.class);

  /** Prefix of every key. */
  public static final String PREFIX = "uncloud.stripe.";
  /** The secret key reference. */
  public static final String SECRET_KEY = PREFIX + "secret-key";
  /** The API base URL. */
  public static final String API_BASE = PREFIX + "api-base";
  /** The webhook signing secret reference. */
  public static final String WEBHOOK_SECRET = PREFIX + "webhook-secret";
  /** Connect timeout in milliseconds. */
  public static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout-ms";
  /** Read timeout in milliseconds. */
  public static final String READ_TIMEOUT = PREFIX + "read-timeout-ms";
  /** stripe-java's retries. */
  public static final String MAX_NETWORK_RETRIES = PREFIX + "max-network-retries";
  /** The publishable key (not a secret). */
  public static final String PUBLISHABLE_KEY = PREFIX + "publishable-key";
  /** The customer store file. */
  public static final String CUSTOMER_STORE_FILE = PREFIX + "customer-store-file";

  /** Used by {@link java.util.ServiceLoader}. */
  public StripePaymentGatewayProvider() {}

  @Override
  public String name() {
    return "stripe";
  }

  /**
   * @param config the configuration
   * @return a gateway
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key at once
   */
  @Override
  public PaymentGateway create(ProviderConfig config) {
    return create(config, (StripeCustomerStore) null);
  }

  /**
   * Creates a gateway that keeps its customer ids in the shared records ({@code
   * uncloud.payment-records}); {@value #CUSTOMER_STORE_FILE} is then not needed.
   *
   * @param config the configuration
   * @param records the shared payment records
   * @return a gateway
   * @throws ch.uncloud.api.ConfigurationException naming every bad key at once
   */
  @Override
  public PaymentGateway create(ProviderConfig config, PaymentRecords records) {
    return create(config, new RecordsStripeCustomerStore(records));
  }

  private PaymentGateway create(ProviderConfig config, StripeCustomerStore shared) {
    ProviderConfig.Validator v = config.validator()
        .requireSecret(SECRET_KEY)
        .optionalSecret(WEBHOOK_SECRET)
        .check(API_BASE, StripePaymentGatewayProvider::checkUrl)
        .check(CONNECT_TIMEOUT, range(1, 600_000))
        .check(READ_TIMEOUT, range(1, 600_000))
        .check(MAX_NETWORK_RETRIES, range(0, 10))
        .check(PUBLISHABLE_KEY, value -> value.matches("pk_(test|live)_[A-Za-z0-9_]+") ? null
            : "must be a Stripe publishable key (pk_test_... or pk_live_...)");
    if (v.problems().isEmpty()) {
      String key = config.requireSecret(SECRET_KEY).reveal();
      if (!key.startsWith("sk_") && !key.startsWith("rk_")) {
        v.problem(SECRET_KEY + ": the referenced value is not a Stripe secret key (sk_... or a restricted rk_...); "
            + "publishable keys (pk_...) cannot charge");
      }
    }
    if (shared == null && config.get(CUSTOMER_STORE_FILE).isEmpty()) {
      v.problem("missing " + CUSTOMER_STORE_FILE + ": Stripe customers must be remembered across restarts (else "
          + "every account gets a second customer without its cards); set uncloud.payment-records=jdbc to keep them "
          + "in the ledger's database, or set it to a file such as /var/lib/uncloud/stripe-customers.properties");
    }
    v.validate();
    Secret secret = config.requireSecret(SECRET_KEY);
    StripePaymentGateway.Builder b = StripePaymentGateway.builder(secret)
        .connectTimeout(Duration.ofMillis(Long.parseLong(config.get(CONNECT_TIMEOUT, "10000"))))
        .readTimeout(Duration.ofMillis(Long.parseLong(config.get(READ_TIMEOUT, "40000"))))
        .maxNetworkRetries(Integer.parseInt(config.get(MAX_NETWORK_RETRIES, "2")));
    config.get(API_BASE).ifPresent(b::apiBase);
    config.get(PUBLISHABLE_KEY).ifPresent(b::publishableKey);
    config.secret(WEBHOOK_SECRET).ifPresentOrElse(b::webhookSecret, () -> LOG.warn("{} is not set: Stripe's webhook "
        + "deliveries are refused (the gateway answers POST /stripe/webhook with 404)", WEBHOOK_SECRET));
    b.customerStore(shared != null ? shared : FileStripeCustomerStore.open(Path.of(config.require(CUSTOMER_STORE_FILE))));
    return b.build();
  }

  private static String checkUrl(String value) {
    try {
      URI uri = URI.create(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        return "must be an http(s) URL such as https://api.stripe.com";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return "must be an http(s) URL such as https://api.stripe.com";
    }
  }

  private static Function<String, String> range(long min, long max) {
    return value -> {
      try {
        long n = Long.parseLong(value);
        return n < min || n > max ? "must be a whole number from " + min + " to " + max : null;
      } catch (NumberFormatException e) {
        return "must be a whole number from " + min + " to " + max;
      }
    };
  }
}
