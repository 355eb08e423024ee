package ch.uncloud.core.internal;

import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.SnapshotBooks;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events of changes the ledger does not make (a bill, a card, a snapshot, a server order). A store
 * in the outbox's database writes them in the change's own transaction (the JDBC stores: snapshot books,
 * payment records, the server order journal, and the shop store through
 * {@link ch.uncloud.spi.ShopStore#announceBills}, which gets {@link #billEvents} as its rule while the
 * billing then announces no bill here); other stores (the SPI's defaults) append them to the outbox
 * right after they committed the change, so a crash in between loses the event unless the operation is
 * retried. Their ids are derived from the change, so a retried operation (every one of them is
 * idempotent) appends nothing twice. Without subscribers it does nothing.
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

  /** The payment records' name for completed card registrations, kept with their events. */
  static final String CARD_REGISTRATIONS = "card-registrations";

  /**
   * Announces {@code card.registered} for a completed card registration. With payment records it is
   * recorded there as completed, and the record and the event are one write (one transaction when the records are in the outbox's
   * database), so a failed record announces nothing; without them the event is appended.
   *
   * @param records where the registration is recorded, or {@code null}
   * @param account whose card
   * @param provider the payment provider's name
   * @param setupId the provider's id of the registration
   * @param at when it completed
   */
  public void cardRegistered(PaymentRecords records, Username account, String provider, String setupId, Instant at) {
    if (outbox == null) {
      return;
    }
    String id = provider + "/" + setupId;
    List<Event> events = List.of(EventRules.event(EventType.CARD_REGISTERED, "card.registered/" + id, at, account,
        Map.of("provider", provider, "setup", setupId)));
    if (records == null) {
      announce(events);
    } else {
      records.eventApplied(CARD_REGISTRATIONS, id, at, outbox, events);
    }
  }

  /**
   * Records a snapshot just taken ({@link SnapshotBooks#taken}) and announces {@code snapshot.taken}
   * with it: in the books' transaction when they are in the outbox's database.
   *
   * @param books the snapshot books
   * @param record the snapshot taken
   */
  public void snapshotTaken(SnapshotBooks books, SnapshotRecord record) {
    if (outbox == null) {
      books.taken(record);
      return;
    }
    books.taken(record, outbox, List.of(EventRules.event(EventType.SNAPSHOT_TAKEN, "snapshot.taken/" + record.id(),
        record.createdAt(), record.account(), snapshotData(record))));
  }

  /**
   * Removes a deleted snapshot's record ({@link SnapshotBooks#deleted}) and announces
   * {@code snapshot.deleted} with it: in the books' transaction when they are in the outbox's database.
   *
   * @param books the snapshot books
   * @param record the snapshot deleted
   * @param at when
   * @return whether a record was removed
   */
  public boolean snapshotDeleted(SnapshotBooks books, SnapshotRecord record, Instant at) {
    if (outbox == null) {
      return books.deleted(record, at);
    }
    return books.deleted(record, at, outbox, List.of(EventRules.event(EventType.SNAPSHOT_DELETED,
        "snapshot.deleted/" + record.id(), at, record.account(), snapshotData(record))));
  }

  /**
   * Checks a server order out ({@link ServerOrdering#checkout}) and announces
   * {@code server_order.checked_out} when the answer is checked out: in the transaction that journals
   * the checkout when the provider's journal is in the outbox's database.
   *
   * @param provider the provider's ordering
   * @param orderId the order
   * @param clock when the checkout is answered
   * @return the order as the provider answers it
   */
  public ServerOrder checkout(ServerOrdering provider, String orderId, Clock clock) {
    if (outbox == null) {
      return provider.checkout(orderId);
    }
    return provider.checkout(orderId, outbox, order -> checkedOutEvents(order, clock.instant()));
  }

  /**
   * @param order an order as a checkout answers it
   * @param at when its checkout was answered
   * @return {@code server_order.checked_out} if it is checked out, else nothing
   */
  static List<Event> checkedOutEvents(ServerOrder order, Instant at) {
    if (order.status() != ServerOrder.Status.CHECKED_OUT) {
      return List.of();
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put("order", order.id());
    data.put("provider_order", order.providerOrderId() == null ? "" : order.providerOrderId());
    data.put("total", order.totalPrice().toPlainString());
    data.put("currency", order.currency().getCurrencyCode());
    data.put("plan", order.request().planCode());
    data.put("datacenter", order.request().datacenter());
    return List.of(EventRules.event(EventType.SERVER_ORDER_CHECKED_OUT, "server_order.checked_out/" + order.id(), at,
        SERVER_ORDERS, data));
  }

  private static Map<String, String> snapshotData(SnapshotRecord record) {
    return Map.of("snapshot", record.id(), "vm", record.vmId().toString(), "name", record.name());
  }
}
