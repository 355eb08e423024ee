package ch.uncloud.core.internal;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.EventOutbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events of changes the ledger does not make (a bill, a card, a snapshot), appended to the
 * ledger's outbox right after the store that made the change committed it. Their ids are derived
 * from the change, so a retried operation (every one of them is idempotent) appends nothing twice and
 * a retry after a failed append still announces the change. Unlike the ledger's events they are not
 * in the change's transaction: a crash between the store's commit and the append loses the event
 * unless the operation is retried. A shop store that writes the bills' events itself, in its own
 * transactions ({@link ch.uncloud.spi.ShopStore#announceBills}), gets {@link #billEvents} as its rule
 * and the billing then announces no bill here. Without subscribers it does nothing.
 */
public final class Announcements {
  private static final Announcements NONE = new Announcements(null);
  /**
   * The account of server orders' events: the orders are the operator's, not a person's. The colon
   * keeps it apart from the names people have in a directory.
   */
  public static final Username SERVER_ORDERS = Username.of("uncloud:servers");

  private final EventOutbox outbox;

  private Announcements(EventOutbox outbox) {
    this.outbox = outbox;
  }

  /**
   * @param outbox the ledger's outbox, or {@code null} when nothing subscribes
   * @return announcements into it
   */
  public static Announcements into(EventOutbox outbox) {
    return outbox == null ? NONE : new Announcements(outbox);
  }

  /** @return announcements that go nowhere */
  public static Announcements none() {
    return NONE;
  }

  /**
   * Appends events after their change committed.
   *
   * @param events the events
   * @throws ch.uncloud.api.ProviderUnavailableException if the outbox cannot be written: retry the
   *     operation (it is idempotent), which announces it then
   */
  public void announce(List<Event> events) {
    if (outbox != null && !events.isEmpty()) {
      outbox.append(events);
    }
  }

  /**
   * A bill as stored: final (open or paid) bills announce {@code bill.final}, paid ones also {@code bill.paid}.
   *
   * @param bill the bill as stored
   * @param at when it was stored
   * @return the bill
   */
  public Bill bill(Bill bill, Instant at) {
    if (outbox != null) {
      announce(billEvents(bill, at));
    }
    return bill;
  }

  /**
   * What a bill as stored announces: final (open or paid) bills {@code bill.final}, paid ones also
   * {@code bill.paid}; a preliminary one nothing. The ids are derived from the bill.
   *
   * @param bill the bill as stored
   * @param at when it was stored
   * @return its events
   */
  public static List<Event> billEvents(Bill bill, Instant at) {
    if (bill.status() == Bill.Status.PRELIMINARY) {
      return List.of();
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put("bill", bill.id());
    data.put("month", bill.month().toString());
    data.put("payment", bill.payment().name().toLowerCase(Locale.ROOT));
    data.put("total", bill.total().toPlainString());
    data.put("currency", bill.total().currency().getCurrencyCode());
    Map<String, String> paid = new LinkedHashMap<>(data);
    data.put("due_date", bill.dueDate() == null ? "" : bill.dueDate().toString());
    Event fin = EventRules.event(EventType.BILL_FINAL, "bill.final/" + bill.id(), bill.createdAt(), bill.account(), data);
    return bill.status() == Bill.Status.PAID
        ? List.of(fin, EventRules.event(EventType.BILL_PAID, "bill.paid/" + bill.id(), at, bill.account(), paid))
        : List.of(fin);
  }

  /**
   * @param account whose card
   * @param provider the payment provider's name
   * @param setupId the provider's id of the registration
   * @param at when it completed
   */
  public void cardRegistered(Username account, String provider, String setupId, Instant at) {
    announce(List.of(EventRules.event(EventType.CARD_REGISTERED, "card.registered/" + provider + "/" + setupId, at,
        account, Map.of("provider", provider, "setup", setupId))));
  }

  /** @param record the snapshot taken */
  public void snapshotTaken(SnapshotRecord record) {
    announce(List.of(EventRules.event(EventType.SNAPSHOT_TAKEN, "snapshot.taken/" + record.id(), record.createdAt(),
        record.account(), snapshotData(record))));
  }

  /**
   * @param record the snapshot deleted
   * @param at when
   */
  public void snapshotDeleted(SnapshotRecord record, Instant at) {
    announce(List.of(EventRules.event(EventType.SNAPSHOT_DELETED, "snapshot.deleted/" + record.id(), at,
        record.account(), snapshotData(record))));
  }

  /**
   * @param order an order the provider checked out
   * @param at when its checkout was answered
   */
  public void serverOrderCheckedOut(ServerOrder order, Instant at) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("order", order.id());
    data.put("provider_order", order.providerOrderId() == null ? "" : order.providerOrderId());
    data.put("total", order.totalPrice().toPlainString());
    data.put("currency", order.currency().getCurrencyCode());
    data.put("plan", order.request().planCode());
    data.put("datacenter", order.request().datacenter());
    announce(List.of(EventRules.event(EventType.SERVER_ORDER_CHECKED_OUT, "server_order.checked_out/" + order.id(), at,
        SERVER_ORDERS, data)));
  }

  private static Map<String, String> snapshotData(SnapshotRecord record) {
    return Map.of("snapshot", record.id(), "vm", record.vmId().toString(), "name", record.name());
  }
}
