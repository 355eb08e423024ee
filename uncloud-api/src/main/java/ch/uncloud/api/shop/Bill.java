package ch.uncloud.api.shop;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An account's bill for a month.
 *
 * @param account who pays
 * @param month the billed month
 * @param status preliminary (the month is not over; nothing booked), open or paid
 * @param lines the lines
 * @param total the sum of the lines
 * @param payment how it is paid
 * @param dueDate when an open bill is due, or {@code null}
 * @param note what happened with the payment (e.g. why a card payment failed), or empty
 * @param cardAttempts how many card payments were tried; each try has its own payment id
 * @param createdAt when it was computed
 */
public record Bill(Username account, YearMonth month, Status status, List<BillLine> lines, Money total,
    PaymentChoice payment, LocalDate dueDate, String note, int cardAttempts, Instant createdAt) {

  /** Where a bill stands. */
  public enum Status {
    /** The month is not over: a preview, not booked. */
    PRELIMINARY,
    /** Final and booked, not yet paid. */
    OPEN,
    /** Final and paid. */
    PAID
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param account who pays
   * @param month the billed month
   * @param status preliminary, open or paid
   * @param lines the lines
   * @param total the sum of the lines
   * @param payment how it is paid
   * @param dueDate when an open bill is due, or {@code null}
   * @param note what happened with the payment
   * @param cardAttempts how many card payments were tried
   * @param createdAt when it was computed
   */
  public Bill {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(payment, "payment");
    note = note == null ? "" : note;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * A final bill's id: its month, its payment choice and a digest of its account, e.g.
   * {@code 2026-11-invoice-3fa2b1c9d0e1a2b3c4d5}. The same bill always has the same id; the id does not
   * show whose bill it is.
   *
   * @return the id
   */
  public String id() {
    return id(account, month, payment);
  }

  /**
   * @param account who pays
   * @param month the billed month
   * @param payment how it is paid
   * @return the id of that account's bill of that month and payment choice (see {@link #id()})
   */
  public static String id(Username account, YearMonth month, PaymentChoice payment) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(account.value().getBytes(StandardCharsets.UTF_8));
      return month + "-" + payment.name().toLowerCase(Locale.ROOT) + "-" + HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @param newStatus the new status
   * @param newDueDate the due date, or {@code null}
   * @param newNote what happened
   * @return a copy with that payment state
   */
  public Bill withPayment(Status newStatus, LocalDate newDueDate, String newNote) {
    return new Bill(account, month, newStatus, lines, total, payment, newDueDate, newNote, cardAttempts, createdAt);
  }

  /** @return a copy counting one more card payment attempt */
  public Bill withCardAttempt() {
    return new Bill(account, month, status, lines, total, payment, dueDate, note, cardAttempts + 1, createdAt);
  }
}
