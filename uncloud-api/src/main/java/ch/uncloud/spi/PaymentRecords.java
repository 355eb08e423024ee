package ch.uncloud.spi;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a payment provider and the core must remember across restarts and share between processes
 * (a command and a running gateway): which provider customer belongs to which account, and which
 * provider events were already applied. Holds only provider ids, never card data. Durable
 * implementations keep it in the ledger's database. Thread-safe.
 */
public interface PaymentRecords extends AutoCloseable {

  /**
   * @param provider the payment provider's name, e.g. {@code stripe}
   * @param account an uncloud account
   * @return the account's customer id at that provider, if it has one
   */
  Optional<String> customerId(String provider, Username account);

  /**
   * Remembers the account's customer id unless one is remembered already (the first one stays).
   *
   * @param provider the payment provider's name
   * @param account an uncloud account
   * @param customerId its customer id at that provider
   * @return the customer id now remembered (the earlier one if there was one)
   */
  String saveCustomerId(String provider, Username account, String customerId);

  /**
   * @param provider the payment provider's name
   * @param eventId the provider's event id
   * @return whether the event was recorded as applied
   */
  boolean isEventApplied(String provider, String eventId);

  /**
   * Records that an event was applied; recording it again changes nothing (the first time stays).
   *
   * @param provider the payment provider's name
   * @param eventId the provider's event id
   * @param appliedAt when it was applied, by the core's clock
   */
  void eventApplied(String provider, String eventId, Instant appliedAt);

  /**
   * {@link #eventApplied(String, String, Instant)}, announcing {@code events}: records kept in the
   * outbox's database write the events in the same transaction, so the record and its events commit
   * together or not at all. The default records, then appends the events to the outbox (a failed
   * record appends nothing; a crash in between loses the events).
   *
   * @param provider the payment provider's name (or the kind of fact recorded)
   * @param eventId the provider's event id (or the fact's id)
   * @param appliedAt when it was applied, by the core's clock
   * @param outbox the ledger's outbox
   * @param events what applying it announces (ids derived from it, so a repeat announces nothing new)
   */
  default void eventApplied(String provider, String eventId, Instant appliedAt, EventOutbox outbox,
      List<Event> events) {
    eventApplied(provider, eventId, appliedAt);
    outbox.append(events);
  }

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
