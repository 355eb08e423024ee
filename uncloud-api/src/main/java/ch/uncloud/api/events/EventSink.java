package ch.uncloud.api.events;

/**
 * Where the dispatcher delivers events: a webhook, an e-mail notifier, a test's recorder. One sink
 * is one subscription, with its own delivery state: a sink that fails does not hold up another.
 *
 * <p>The dispatcher calls {@link #deliver} from its own threads, for one account's events one at a
 * time and in the order they were committed; events of different accounts may be delivered
 * concurrently, so implementations are thread-safe. Delivery is at least once: after a crash or a
 * lost answer the same event (same {@link Event#id()}) comes again, and the receiver deduplicates
 * by the id. An event counts as delivered only when {@link #deliver} returns
 * {@link DeliveryResult#delivered()}; an exception it throws counts as {@link DeliveryResult#retry}.
 */
public interface EventSink {

  /**
   * @return the sink's unique name (for a webhook, the name in {@code uncloud.events.webhooks}): the
   *     key of its delivery state, so it must stay the same across restarts
   */
  String name();

  /**
   * @param type an event type
   * @return whether this sink wants events of that type; asked once per event, before any delivery
   */
  boolean accepts(EventType type);

  /**
   * Delivers one event, within a bounded time (a sink that hangs holds up its account's later events).
   *
   * @param event the event, as committed
   * @return delivered, retry later, or park now
   */
  DeliveryResult deliver(Event event);
}
