package ch.uncloud.api.events;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.util.List;

/**
 * What an event announces, with the payload fields it always carries ({@link #fields()}). Amounts
 * are plain decimal strings ({@code "-2.50"}) in the event's {@code currency} field (ISO 4217), times
 * are ISO-8601 instants in UTC. Types never change their code or lose a field; new optional fields
 * may be added, so receivers ignore fields they do not know.
 */
public enum EventType {
  /**
   * An entry was booked: a charge, a deposit or a reversal (storno). Fields: {@code entry} (its id),
   * {@code kind} ({@code charge}, {@code deposit} or {@code reversal}), {@code service}, {@code amount}
   * (the signed change of the balance), {@code balance} (right after it), {@code currency},
   * {@code comment} (the booking text); a reversal also has {@code reverses} (the reversed entry's id).
   */
  ENTRY_BOOKED("entry.booked", "entry", "kind", "service", "amount", "balance", "currency", "comment"),
  /**
   * The account's balance went below a configured threshold (e.g. 5.00 CHF), once per crossing: it
   * fires again only after a booking took the balance back to or above the threshold. Fields:
   * {@code threshold}, {@code balance} (right after the entry), {@code currency}, {@code entry} and
   * {@code service} (the booking that crossed it); also {@code scope}: {@code all} (a global
   * threshold), {@code account} (the account's own, which replace the global ones for it) or
   * {@code service} (the booking's service's, announced only when an entry of that service crosses it).
   */
  BALANCE_BELOW_THRESHOLD("balance.below_threshold", "threshold", "balance", "currency", "entry", "service"),
  /**
   * The lock policy locked the account: its paid credit went below zero. Fields: {@code credit}
   * (the paid credit right after the entry), {@code currency}, {@code entry} and {@code service}
   * (the booking that caused it). The directory's flag is written after the booking; if that write
   * fails, reconciliation repairs the flag and no second event is sent.
   */
  ACCOUNT_LOCKED("account.locked", "credit", "currency", "entry", "service"),
  /**
   * The lock policy unlocked the account: its paid credit is back at zero or above. Fields as for
   * {@link #ACCOUNT_LOCKED}.
   */
  ACCOUNT_UNLOCKED("account.unlocked", "credit", "currency", "entry", "service"),
  /**
   * A hold reached its expiry without being captured or released; its reserved credit is free again.
   * Fields: {@code hold}, {@code service}, {@code amount} (what it had reserved), {@code currency},
   * {@code expires_at}.
   */
  HOLD_EXPIRED("hold.expired", "hold", "service", "amount", "currency", "expires_at"),
  /**
   * A monthly bill became final (booked, to be paid). Fields: {@code bill}, {@code month}
   * ({@code 2024-05}), {@code payment} ({@code balance}, {@code card} or {@code invoice}), {@code total},
   * {@code currency}, {@code due_date} ({@code 2024-06-30}, empty when it has none).
   */
  BILL_FINAL("bill.final", "bill", "month", "payment", "total", "currency", "due_date"),
  /** A final bill was paid. Fields: {@code bill}, {@code month}, {@code payment}, {@code total}, {@code currency}. */
  BILL_PAID("bill.paid", "bill", "month", "payment", "total", "currency"),
  /**
   * A final bill was still unpaid on its due date. Fields: {@code bill}, {@code month},
   * {@code payment}, {@code total}, {@code currency}, {@code due_date}.
   */
  BILL_OVERDUE("bill.overdue", "bill", "month", "payment", "total", "currency", "due_date"),
  /**
   * The person finished registering a card with the payment provider. Fields: {@code provider}
   * (e.g. {@code stripe}) and {@code setup} (the provider's id of the registration); never card data.
   */
  CARD_REGISTERED("card.registered", "provider", "setup"),
  /** A snapshot of a VM was taken. Fields: {@code snapshot}, {@code vm}, {@code name}. */
  SNAPSHOT_TAKEN("snapshot.taken", "snapshot", "vm", "name"),
  /** A snapshot was deleted. Fields: {@code snapshot}, {@code vm}, {@code name}. */
  SNAPSHOT_DELETED("snapshot.deleted", "snapshot", "vm", "name"),
  /**
   * A server order was checked out at the provider. Fields: {@code order}, {@code provider_order}
   * (the provider's sales order id), {@code total}, {@code currency}.
   */
  SERVER_ORDER_CHECKED_OUT("server_order.checked_out", "order", "provider_order", "total", "currency");

  private final String code;
  private final List<String> fields;

  EventType(String code, String... fields) {
    this.code = code;
    this.fields = List.of(fields);
  }

  /** @return the type's stable wire name, e.g. {@code balance.below_threshold} */
  public String code() {
    return code;
  }

  /** @return the payload fields every event of this type carries, in the order they are described */
  public List<String> fields() {
    return fields;
  }

  /**
   * @param code a wire name, e.g. {@code entry.booked}
   * @return the type
   * @throws InvalidRequestException ({@code invalid_argument}) if no type has that name; the message lists them
   */
  public static EventType fromCode(String code) {
    for (EventType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    StringBuilder known = new StringBuilder();
    for (EventType type : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(type.code);
    }
    throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "unknown event type "
        + (code == null ? "(none)" : '"' + code.replaceAll("\\p{Cntrl}", "?") + '"') + "; use one of " + known);
  }

  /** @return {@link #code()} */
  @Override
  public String toString() {
    return code;
  }
}
