package ch.uncloud.mail;

import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the events people are told about into notices: {@code balance.below_threshold} into a
 * low-balance notice, {@code account.locked} into a lock notice, {@code bill.final} into a bill
 * notice. Reads the payload as the event types document it; an empty optional field (a bill's
 * {@code due_date}) becomes a placeholder without a value.
 */
final class EventNotices {
  private EventNotices() {}

  /**
   * @param type an event type
   * @return the notice it is announced with, if any
   */
  static Optional<NoticeKind> kind(EventType type) {
    return switch (type) {
      case BALANCE_BELOW_THRESHOLD -> Optional.of(NoticeKind.LOW_BALANCE);
      case ACCOUNT_LOCKED -> Optional.of(NoticeKind.ACCOUNT_LOCKED);
      case BILL_FINAL -> Optional.of(NoticeKind.BILL_FINAL);
      default -> Optional.empty();
    };
  }

  /**
   * @param event an event of a type {@link #kind} maps
   * @return its notice
   * @throws IllegalArgumentException if the event lacks a field its type documents or one is malformed
   */
  static Notice of(Event event) {
    NoticeKind kind = kind(event.type()).orElseThrow(() -> new IllegalArgumentException(
        "no notice announces " + event.type() + " events"));
    Map<String, Object> values = new LinkedHashMap<>();
    switch (kind) {
      case LOW_BALANCE -> {
        values.put("balance", event.money("balance"));
        values.put("threshold", event.money("threshold"));
        text(event, "service").ifPresent(s -> values.put("service", s));
      }
      case ACCOUNT_LOCKED -> {
        values.put("credit", event.money("credit"));
        text(event, "service").ifPresent(s -> values.put("service", s));
      }
      case BILL_FINAL -> {
        text(event, "bill").ifPresent(s -> values.put("bill", s));
        values.put("month", YearMonth.parse(text(event, "month").orElseThrow(() -> missing(event, "month"))));
        values.put("total", event.money("total"));
        values.put("payment", new Notice.Payment(text(event, "payment").orElseThrow(() -> missing(event, "payment"))));
        text(event, "due_date").ifPresent(d -> values.put("due", LocalDate.parse(d)));
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return new Notice(kind, event.id().value(), event.account(), values);
  }

  private static Optional<String> text(Event event, String field) {
    return event.field(field).filter(v -> !v.isBlank());
  }

  private static IllegalArgumentException missing(Event event, String field) {
    return new IllegalArgumentException("a " + event.type() + " event has no " + field);
  }
}
