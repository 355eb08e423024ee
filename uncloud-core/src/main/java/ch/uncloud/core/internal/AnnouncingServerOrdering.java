package ch.uncloud.core.internal;

import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.spi.ServerOrdering;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The server ordering the core hands out when events are subscribed: the provider's, announcing each
 * order that a checkout answers as {@link ServerOrder.Status#CHECKED_OUT} (also when a checkout again
 * settles one whose first answer was lost). The event's id is derived from the order, so checking an
 * order out again announces nothing new. A provider whose journal is in the outbox's database writes
 * the event in the transaction that journals the checkout; otherwise it is appended after the
 * provider's answer, and a crash in between loses it unless the checkout is called again.
 */
public final class AnnouncingServerOrdering implements ServerOrdering {
  private final ServerOrdering provider;
  private final Announcements announcements;
  private final Clock clock;
  private final Runnable onClose;

  /**
   * @param provider the provider's ordering
   * @param announcements where its checkouts are announced
   * @param clock the clock
   * @param onClose what {@link #close()} releases (the provider, when this owns it)
   */
  public AnnouncingServerOrdering(ServerOrdering provider, Announcements announcements, Clock clock,
      Runnable onClose) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.announcements = Objects.requireNonNull(announcements, "announcements");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  @Override
  public List<ServerOffer> catalog(ServerQuery query) {
    return provider.catalog(query);
  }

  @Override
  public ServerOrder prepare(ServerOrderRequest request) {
    return provider.prepare(request);
  }

  @Override
  public ServerOrder checkout(String orderId) {
    return announcements.checkout(provider, orderId, clock);
  }

  @Override
  public List<ServerOrder> orders() {
    return provider.orders();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
