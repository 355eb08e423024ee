package ch.uncloud.api.events;

import ch.uncloud.api.credit.AdminSession;
import java.util.List;

/**
 * The operator's view of event delivery: the parked events, and sending one again. Parked events
 * concern every account, so an admin session must be a reader's ({@code uncloud.admins.readers});
 * the methods without a session are for trusted local tools (the {@code uncloud events} command).
 * Thread-safe.
 */
public interface EventAdministration {
  /** The most parked events one listing returns. */
  int MAX_LISTED = 1000;

  /**
   * @return the parked events of every sink, oldest first (at most {@link #MAX_LISTED})
   */
  List<ParkedEvent> parked();

  /**
   * Sends a parked event again: it is delivered as if new (retried with backoff for the full
   * period), after the account's events that are pending before it.
   *
   * @param sink the sink it is parked for
   * @param event its id
   * @return the event as it was parked
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_event}) if that sink has no such parked event
   */
  ParkedEvent resend(String sink, EventId event);

  /**
   * @param session a reader's session
   * @return {@link #parked()}
   * @throws ch.uncloud.api.ForbiddenException ({@code not_permitted}) if the admin is not a reader
   */
  List<ParkedEvent> parked(AdminSession session);

  /**
   * @param session a reader's session
   * @param sink the sink it is parked for
   * @param event its id
   * @return {@link #resend(String, EventId)}
   * @throws ch.uncloud.api.ForbiddenException ({@code not_permitted}) if the admin is not a reader
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_event}) if that sink has no such parked event
   */
  ParkedEvent resend(AdminSession session, String sink, EventId event);
}
