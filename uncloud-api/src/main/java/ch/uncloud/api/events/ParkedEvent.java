package ch.uncloud.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An event the dispatcher gave up delivering to one sink after its retry period (or at once, when
 * the sink said it can never succeed); it waits for an operator to send it again.
 *
 * @param sink the sink's name (e.g. the webhook's name)
 * @param event the event
 * @param attempts how many deliveries failed
 * @param firstFailure when the first delivery failed
 * @param lastAttempt when the last delivery failed
 * @param lastError the last failure's detail (a status code, an error message)
 */
public record ParkedEvent(String sink, Event event, int attempts, Instant firstFailure, Instant lastAttempt,
    String lastError) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param sink the sink's name
   * @param event the event
   * @param attempts how many deliveries failed
   * @param firstFailure when the first delivery failed
   * @param lastAttempt when the last delivery failed
   * @param lastError the last failure's detail
   */
  public ParkedEvent {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(firstFailure, "firstFailure");
    Objects.requireNonNull(lastAttempt, "lastAttempt");
    lastError = lastError == null ? "" : lastError;
  }
}
