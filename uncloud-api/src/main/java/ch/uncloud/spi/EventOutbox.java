package ch.uncloud.spi;

import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store's transactional outbox: the events its writes announce, kept in the same transaction as
 * those writes, and the dispatcher's delivery state, kept as durably as the events. Implementations
 * are thread-safe; every method is atomic.
 *
 * <p>Events have a place ({@code seq}) in commit order: an event with a higher place committed
 * after every event with a lower one, so a reader that walks the outbox by place never misses one
 * that commits later. Each sink walks the outbox with its own cursor ({@link #enqueue}), so sinks
 * are independent.
 *
 * <p>Nothing is written while no rule is set and nothing is appended: an outbox that no sink reads
 * costs its store nothing.
 */
public interface EventOutbox {

  /**
   * Sets the rule that decides what each booked entry announces; from then on the store writes those
   * events in the entry's transaction. {@code null} (the start) announces nothing.
   *
   * @param rule the core's rule, or {@code null}
   */
  void announceEntries(EntryEvents rule);

  /**
   * Keeps events that belong to no write of this store (a hold that expired with time), each once:
   * an event whose id is kept already is skipped.
   *
   * @param events the events
   * @return how many were new
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  int append(List<Event> events);

  /**
   * Moves the sink's cursor over the next events: each event of one of {@code types} becomes a
   * pending delivery for the sink, due at {@code now}; the others are passed over. A sink seen for
   * the first time starts at the oldest event kept.
   *
   * @param sink the sink's name
   * @param types the types the sink accepts
   * @param now when the new deliveries are due
   * @param limit how many events to look at, at most
   * @return how many events were looked at (fewer than {@code limit}: the cursor reached the end)
   */
  int enqueue(String sink, Set<EventType> types, Instant now, int limit);

  /**
   * The sink's deliveries that may be attempted now: pending, due at or before {@code now}, and each
   * the oldest pending delivery of its account (so an account's events go out in order; parked ones
   * do not hold the later ones up). At most one per account.
   *
   * @param sink the sink's name
   * @param now the time
   * @param limit at most this many
   * @return the deliveries, oldest first
   */
  List<OutboxDelivery> due(String sink, Instant now, int limit);

  /**
   * Stores the outcome of attempts: a {@link OutboxDelivery.State#DELIVERED} delivery is forgotten,
   * the others are stored as given (attempts, times, error, state). A delivery no longer kept
   * (delivered meanwhile) is ignored.
   *
   * @param deliveries the deliveries after their attempts
   */
  void update(List<OutboxDelivery> deliveries);

  /**
   * @param limit at most this many
   * @return parked deliveries of every sink, oldest event first
   */
  List<OutboxDelivery> parked(int limit);

  /**
   * Makes a parked delivery pending again, as if new: no failed attempts, due at {@code now}.
   *
   * @param sink the sink's name
   * @param event the event's id
   * @param now when it is due
   * @return the delivery as it is now, if that sink had that event parked
   */
  Optional<OutboxDelivery> resend(String sink, EventId event, Instant now);

  /**
   * @param limit at most this many
   * @param afterSeq start after this place (0: from the start)
   * @return the events kept, in commit order
   */
  List<Event> events(long afterSeq, int limit);

  /**
   * A named number the core keeps with the events (how far time-driven events have been looked for).
   *
   * @param name the mark's name
   * @return its value, or empty if it was never set
   */
  Optional<Long> mark(String name);

  /**
   * @param name the mark's name
   * @param value its new value
   */
  void setMark(String name, long value);

  /**
   * Takes the outbox's dispatch lease for {@code holder}, or renews it if {@code holder} holds it, so
   * that one dispatcher delivers at a time however many processes share the outbox's database. A lease
   * not renewed before it expires is free for another holder (its holder died). The default, for an
   * outbox no other process shares, always grants it.
   *
   * @param holder who asks (unique per dispatcher)
   * @param now the asker's time
   * @param duration how long the lease lasts from {@code now} unless renewed
   * @return whether {@code holder} holds the lease now, until {@code now + duration}
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  default boolean lease(String holder, Instant now, java.time.Duration duration) {
    return true;
  }

  /**
   * Gives the lease up if {@code holder} holds it, so another dispatcher takes over at once.
   *
   * @param holder who held it
   */
  default void releaseLease(String holder) {
  }

  /**
   * Forgets events that occurred before {@code before} and that every one of {@code sinks} has received
   * (the sink's cursor passed them and no delivery of them is pending or parked). {@code bill.overdue}
   * events are kept: the dispatcher announces every open overdue bill again and relies on their ids
   * to announce each once.
   *
   * @param sinks the sinks that read the outbox
   * @param before events that occurred before this may go
   * @param limit at most this many
   * @return how many were forgotten
   */
  default int purge(Set<String> sinks, Instant before, int limit) {
    return 0;
  }
}
