package ch.uncloud.gateway;

import ch.uncloud.api.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The web pages' own settings (the {@code uncloud.gateway.pages.*} keys): where the card page loads
 * Stripe.js from, and how long a login lasts. Immutable.
 *
 * @param stripeJs the Stripe.js script the card page loads (Stripe requires {@code https://js.stripe.com/v3/}
 *     in production; the demo points it at the Stripe test server's stand-in)
 * @param sessionIdle a login ends after this long without a request
 * @param sessionMax a login ends this long after it began, however active
 */
public record PageSettings(URI stripeJs, Duration sessionIdle, Duration sessionMax) {
  /** Where Stripe requires Stripe.js to be loaded from. */
  public static final URI STRIPE_JS = URI.create("https://js.stripe.com/v3/");

  /**
   * Checks the settings; each is described with the record.
   *
   * @param stripeJs the Stripe.js script's URL (http or https)
   * @param sessionIdle a login ends after this long without a request, positive
   * @param sessionMax a login ends this long after it began, at least {@code sessionIdle}
   * @throws ConfigurationException for a URL that is not http(s) or durations out of order
   */
  public PageSettings {
    Objects.requireNonNull(stripeJs, "stripeJs");
    Objects.requireNonNull(sessionIdle, "sessionIdle");
    Objects.requireNonNull(sessionMax, "sessionMax");
    String scheme = stripeJs.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || stripeJs.getHost() == null) {
      throw new ConfigurationException(GatewaySettings.PREFIX + "pages.stripe-js must be an http(s) URL such as "
          + STRIPE_JS + ", not " + stripeJs);
    }
    if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionMax.compareTo(sessionIdle) < 0) {
      throw new ConfigurationException(GatewaySettings.PREFIX + "pages.session-idle must be positive and at most "
          + GatewaySettings.PREFIX + "pages.session-max");
    }
  }

  /** @return Stripe.js from js.stripe.com, 30 minutes idle, 12 hours at most */
  public static PageSettings defaults() {
    return new PageSettings(STRIPE_JS, Duration.ofMinutes(30), Duration.ofHours(12));
  }

  /**
   * @param url the Stripe.js script to load instead (the demo's Stripe test server serves a stand-in)
   * @return these settings with that script
   */
  public PageSettings withStripeJs(URI url) {
    return new PageSettings(url, sessionIdle, sessionMax);
  }

  /** @return the scheme, host and port of {@link #stripeJs()}, e.g. {@code https://js.stripe.com} */
  String stripeOrigin() {
    return stripeJs.getScheme() + "://" + stripeJs.getHost() + (stripeJs.getPort() < 0 ? "" : ":" + stripeJs.getPort());
  }
}
