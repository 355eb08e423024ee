package ch.uncloud.spi;

import ch.uncloud.api.events.EventSink;
import java.util.List;

/**
 * Creates the {@link EventSink}s a kind of subscription configures (e-mail notices, say); discovered
 * with {@link java.util.ServiceLoader} and listed in the provider jar's
 * {@code META-INF/services/ch.uncloud.spi.EventSinkProvider}.
 *
 * <p>Unlike the other providers, every discovered sink provider is asked: each reads its own keys
 * (e.g. {@code uncloud.mail.*} for uncloud-mail's notices) and returns the sinks they describe, or none when its keys
 * are absent, so having the jar on the class path subscribes nobody. Webhooks
 * ({@code uncloud.events.webhooks}) are built in and need no provider. The dispatcher delivers to
 * every sink the same way: in order per account, at least once, retried with backoff, then parked.
 */
public interface EventSinkProvider extends Provider<List<EventSink>> {

  /**
   * Creates the sinks with the account directory at hand, for sinks that address the person (e-mail
   * notices read the address and the preferred language from it). The directory stays the caller's:
   * the sinks do not close it. The core calls this form.
   *
   * @param config the configuration
   * @param directory the account directory the core uses
   * @return the sinks the configuration describes; none when its keys are absent. The default
   *     ignores the directory and calls {@link #create(ProviderConfig)}.
   */
  default List<EventSink> create(ProviderConfig config, AccountDirectory directory) {
    return create(config);
  }
}
