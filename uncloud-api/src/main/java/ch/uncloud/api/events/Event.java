package ch.uncloud.api.events;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One thing that happened to an account, as it is kept in the outbox and delivered: the envelope
 * (id, type, time, account) and the payload ({@link #data()}). Immutable and thread-safe.
 *
 * <p>Its wire form ({@link #toJson()}, the body of a webhook) is one JSON object with the keys in
 * this order, every value a string:
 * <pre>{@code
 * {"id":"evt_6f1c...","type":"balance.below_threshold","occurred_at":"2024-05-03T10:15:30Z",
 *  "account":"alice","data":{"balance":"4.50","currency":"CHF","entry":"...","service":"printer","threshold":"5.00"}}
 * }</pre>
 *
 * @param id the stable id, for deduplication
 * @param type what happened
 * @param occurredAt when the change that caused it happened (to the microsecond)
 * @param account the account it concerns, by its canonical name; also the ordering key
 * @param data the payload: {@link EventType#fields()} and possibly more, all text; kept sorted by name
 */
public record Event(EventId id, EventType type, Instant occurredAt, Username account, Map<String, String> data) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param id the stable id, for deduplication
   * @param type what happened
   * @param occurredAt when the change happened; truncated to microseconds (what every store keeps)
   * @param account the account it concerns
   * @param data the payload; must hold every field of {@link EventType#fields()}
   * @throws IllegalArgumentException if a field of the type is missing or a name or value is null
   */
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(account, "account");
    TreeMap<String, String> sorted = new TreeMap<>();
    Objects.requireNonNull(data, "data").forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "field name"),
        Objects.requireNonNull(v, () -> "field " + k)));
    for (String field : type.fields()) {
      if (!sorted.containsKey(field)) {
        throw new IllegalArgumentException("a " + type + " event needs the field " + field);
      }
    }
    data = Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * @return the key that orders delivery: events with the same key are delivered in commit order;
   *     it is the account's name
   */
  public String orderingKey() {
    return account.value();
  }

  /**
   * @param field a payload field
   * @return its value, if the event has it
   */
  public Optional<String> field(String field) {
    return Optional.ofNullable(data.get(field));
  }

  /**
   * Reads an amount field together with the event's {@code currency} field.
   *
   * @param field an amount field, e.g. {@code balance}
   * @return the amount
   * @throws IllegalArgumentException if the event has no such field or no currency
   */
  public Money money(String field) {
    String amount = data.get(field);
    String currency = data.get("currency");
    if (amount == null || currency == null) {
      throw new IllegalArgumentException("a " + type + " event has no amount " + field + " with a currency");
    }
    return Money.of(amount, currency);
  }

  /**
   * @return the event's wire form: one line of JSON as described with the type; the same event always gives the same text
   */
  public String toJson() {
    return EventJson.write(this);
  }

  /**
   * Reads the wire form back (the outbox keeps it; a receiver may use it after verifying the signature).
   *
   * @param json an event's JSON, as {@link #toJson()} writes it; unknown keys are ignored
   * @return the event
   * @throws InvalidRequestException ({@code invalid_argument}) if it is not such an event
   */
  public static Event fromJson(String json) {
    try {
      return EventJson.read(json);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "not an uncloud event (" + e.getMessage()
          + "); pass the body exactly as it was received", e);
    }
  }
}
