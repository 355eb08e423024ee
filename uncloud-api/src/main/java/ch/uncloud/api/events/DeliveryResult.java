package ch.uncloud.api.events;

import java.util.Objects;

/**
 * What a {@link EventSink} did with an event.
 *
 * @param outcome delivered, retry later, or give up now
 * @param detail a short reason for the operator (a status code, an error message); never a secret
 */
public record DeliveryResult(Outcome outcome, String detail) {

  /** The three things a delivery can end in. */
  public enum Outcome {
    /** The receiver has the event (a webhook answered 2xx): it is never offered to this sink again. */
    DELIVERED,
    /** It failed for now (no answer, a timeout, a 5xx, a 4xx): the dispatcher tries again later. */
    RETRY,
    /** It can never succeed as it is: the dispatcher parks it at once for an operator. */
    PARK
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param outcome delivered, retry later, or give up now
   * @param detail a short reason for the operator; never a secret
   */
  public DeliveryResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** @return a successful delivery */
  public static DeliveryResult delivered() {
    return new DeliveryResult(Outcome.DELIVERED, "delivered");
  }

  /**
   * @param detail why it failed, for the operator
   * @return a failure to retry later
   */
  public static DeliveryResult retry(String detail) {
    return new DeliveryResult(Outcome.RETRY, detail);
  }

  /**
   * @param detail why it can never succeed, for the operator
   * @return a failure to park at once
   */
  public static DeliveryResult park(String detail) {
    return new DeliveryResult(Outcome.PARK, detail);
  }

  /** @return whether the receiver has the event */
  public boolean isDelivered() {
    return outcome == Outcome.DELIVERED;
  }
}
