/**
 * Events out: what uncloud announces when something happens to an account, and how it is delivered.
 *
 * <p>Every change that matters to someone outside (a booking, a lock, a low balance, a final bill, a
 * snapshot, ...) produces an {@link ch.uncloud.api.events.Event}: a stable {@link ch.uncloud.api.events.EventId}
 * for deduplication, an {@link ch.uncloud.api.events.EventType}, the time, the account (its canonical
 * name, which is also the ordering key) and a flat payload of text fields; amounts are plain decimal
 * strings with a {@code currency} field. The stores keep events in a transactional outbox, written in
 * the same transaction as the change, so an event exists exactly when its change committed.
 *
 * <p>A dispatcher in the core hands each event to every {@link ch.uncloud.api.events.EventSink} that
 * {@linkplain ch.uncloud.api.events.EventSink#accepts accepts} its type: in order per account, at least
 * once, retrying failures with exponential backoff and parking what still fails after the retry
 * period for an operator. Webhooks are one kind of sink; their bodies are {@link ch.uncloud.api.events.Event#toJson()}
 * and they are signed with {@link ch.uncloud.api.events.WebhookSignature}, which receivers written in Java use to
 * verify them.
 */
package ch.uncloud.api.events;
