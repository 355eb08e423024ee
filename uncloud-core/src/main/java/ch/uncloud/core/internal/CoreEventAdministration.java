package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.ForbiddenException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.events.EventAdministration;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.ParkedEvent;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.OutboxDelivery;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Parked events from the outbox; readers only, since they concern every account. */
public final class CoreEventAdministration implements EventAdministration {
  private final EventOutbox outbox;
  private final CoreCreditService credit;
  private final Clock clock;

  /**
   * @param outbox the outbox the dispatcher keeps its state in
   * @param credit the credit service that issued the sessions
   * @param clock the clock
   */
  public CoreEventAdministration(EventOutbox outbox, CoreCreditService credit, Clock clock) {
    this.outbox = outbox;
    this.credit = credit;
    this.clock = clock;
  }

  @Override
  public List<ParkedEvent> parked() {
    return outbox.parked(MAX_LISTED).stream().map(CoreEventAdministration::parked).toList();
  }

  @Override
  public ParkedEvent resend(String sink, EventId event) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(event, "event");
    ParkedEvent parked = outbox.parked(MAX_LISTED).stream()
        .filter(d -> d.sink().equals(sink) && d.event().id().equals(event)).findFirst()
        .map(CoreEventAdministration::parked).orElse(null);
    java.time.Instant now = clock.instant();
    OutboxDelivery again = outbox.resend(sink, event, now).orElseThrow(() -> new NotFoundException(
        ErrorCodes.UNKNOWN_EVENT, "no event " + event + " is parked for that sink; list the parked events "
            + "(uncloud events parked) to find the sink and the id"));
    return parked != null ? parked : new ParkedEvent(sink, again.event(), 0, now, now, "");
  }

  @Override
  public List<ParkedEvent> parked(AdminSession session) {
    requireReader(session);
    return parked();
  }

  @Override
  public ParkedEvent resend(AdminSession session, String sink, EventId event) {
    requireReader(session);
    return resend(sink, event);
  }

  private void requireReader(AdminSession session) {
    if (credit.visibleServices(session) != null) {
      throw new ForbiddenException(ErrorCodes.NOT_PERMITTED, "admin " + session.admin() + " may not see parked "
          + "events, which concern every account; only readers (uncloud.admins.readers) may");
    }
  }

  private static ParkedEvent parked(OutboxDelivery d) {
    return new ParkedEvent(d.sink(), d.event(), d.attempts(), d.firstFailure() != null ? d.firstFailure()
        : d.nextAttempt(), d.nextAttempt(), d.lastError());
  }
}
