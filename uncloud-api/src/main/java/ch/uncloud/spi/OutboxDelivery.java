package ch.uncloud.spi;

import ch.uncloud.api.events.Event;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one sink, as the outbox keeps it between attempts.
 *
 * @param sink the sink's name
 * @param seq the event's place in the outbox (commit order)
 * @param event the event
 * @param state pending, parked, or (only in {@link EventOutbox#update}) delivered
 * @param attempts how many deliveries failed so far
 * @param firstFailure when the first delivery failed, or {@code null} if none has
 * @param nextAttempt when a pending delivery is due
 * @param lastError the last failure's detail, or {@code null}
 */
public record OutboxDelivery(String sink, long seq, Event event, State state, int attempts, Instant firstFailure,
    Instant nextAttempt, String lastError) {

  /** Where a delivery stands. */
  public enum State {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** Given up on; waits for an operator to send it again. */
    PARKED,
    /** The sink has it: {@link EventOutbox#update} forgets it. */
    DELIVERED
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param sink the sink's name
   * @param seq the event's place in the outbox
   * @param event the event
   * @param state where it stands
   * @param attempts how many deliveries failed so far
   * @param firstFailure when the first delivery failed, or {@code null}
   * @param nextAttempt when a pending delivery is due
   * @param lastError the last failure's detail, or {@code null}
   */
  public OutboxDelivery {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttempt, "nextAttempt");
  }

  /** @return this delivery, done */
  public OutboxDelivery delivered() {
    return new OutboxDelivery(sink, seq, event, State.DELIVERED, attempts, firstFailure, nextAttempt, lastError);
  }

  /**
   * @param error why it failed
   * @param failedAt when
   * @param next when to try again
   * @return this delivery after one more failed attempt, pending
   */
  public OutboxDelivery failed(String error, Instant failedAt, Instant next) {
    return new OutboxDelivery(sink, seq, event, State.PENDING, attempts + 1, firstFailure == null ? failedAt : firstFailure,
        next, error);
  }

  /**
   * @param error why it was given up on
   * @param failedAt when
   * @return this delivery after one more failed attempt, parked
   */
  public OutboxDelivery parked(String error, Instant failedAt) {
    return new OutboxDelivery(sink, seq, event, State.PARKED, attempts + 1, firstFailure == null ? failedAt : firstFailure,
        failedAt, error);
  }
}
