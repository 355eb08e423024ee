package ch.uncloud.stripe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Stripe event ids already applied, so an event delivered twice changes nothing. Thread-safe.
 * {@link #inMemory()} suffices for one process; a durable implementation (a database table) keeps
 * the guarantee across restarts.
 */
public interface ProcessedStripeEvents {

  /**
   * @param eventId a Stripe event id ({@code evt_...})
   * @return whether it was applied already
   */
  boolean contains(String eventId);

  /**
   * @param eventId a Stripe event id that has now been applied
   */
  void add(String eventId);

  /**
   * @return a set in memory
   */
  static ProcessedStripeEvents inMemory() {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    return new ProcessedStripeEvents() {
      @Override
      public boolean contains(String eventId) {
        return ids.contains(eventId);
      }

      @Override
      public void add(String eventId) {
        ids.add(eventId);
      }
    };
  }
}
