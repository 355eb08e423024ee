package ch.uncloud.api.shop;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import java.time.YearMonth;
import java.util.List;

/**
 * Monthly bills from the orders and metered usage: one-time fees once (in the month an order
 * starts), monthly prices pro rata by the second, usage by the GB-second, each line rounded half up
 * to the cent. An account gets one bill per month and payment choice: each order's lines are on the
 * bill of the way that order chose ({@link Order#payment()}), usage on the balance bill. Until a month
 * ends its bills are preliminary and nothing is booked; after it, each bill is made final once, its
 * lines become ledger charges of the {@link #SHOP} service, and it is paid its way. User names may be
 * any spelling the directory matches; bills carry the directory's stored spelling. Thread-safe.
 * Obtain it from {@link ch.uncloud.api.Uncloud#billing()}.
 */
public interface BillingService {
  /** The service bills are booked under. */
  ServiceName SHOP = ServiceName.of("shop");

  /**
   * Computes an account's bills for a month without booking anything: one per payment choice that
   * has lines (balance, card, invoice in that order), or one empty balance bill if there is nothing to
   * bill. A bill already made final is returned as stored.
   *
   * @param account the user
   * @param month the month
   * @return the bills (preliminary while the month is not over)
   */
  List<Bill> preview(Username account, YearMonth month);

  /**
   * Bills every account with orders or usage in the month. While the month is not over the bills
   * are preliminary and nothing is booked; after it, each bill is made final once, booked and paid.
   *
   * @param month the month
   * @return one bill per account and payment choice, sorted by account, then balance, card, invoice
   */
  List<Bill> run(YearMonth month);

  /**
   * Pays the open final bills of a month now, the given way (e.g. by card after a failed attempt, or
   * from a balance topped up since); paid bills stay as they are.
   *
   * @param account the user
   * @param month the month
   * @param choice how to pay
   * @return the month's final bills with their new payment state
   * @throws InvalidRequestException ({@code invalid_argument}) if there is no final bill for the month
   */
  List<Bill> pay(Username account, YearMonth month, PaymentChoice choice);

  /**
   * @param account a user
   * @return the user's final bills, oldest first
   */
  List<Bill> bills(Username account);

  /**
   * @param account a user
   * @param billId a final bill's {@link Bill#id()}
   * @return the user's final bill with that id (of a month that is over but was not billed yet: as
   *     {@link #preview} computes it)
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_bill}) if the user has no final bill with that
   *     id (another user's bill is answered the same way)
   */
  Bill bill(Username account, String billId);

  /**
   * Marks an open invoice paid by a bank transfer: books the transfer once as a deposit of the
   * {@link #SHOP} service on the bill's account (its text names the reference) and stores the bill as
   * paid. Idempotent by the bill and reference: marking it again with the same reference answers the
   * bill as the first call left it and books nothing; another reference is refused. Only owners of the cashier service ({@code deposits}), who may credit anyone, may do this.
   *
   * @param session an admin session
   * @param billId the bill's {@link Bill#id()}
   * @param reference the bank transfer's reference, 1 to 200 characters
   * @return the paid bill
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin does not own the cashier service
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if the reference is missing,
   *     too long or holds a control character; ({@code not_an_invoice}) if the bill is not paid by invoice
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_bill}) if no final bill has that id
   * @throws ch.uncloud.api.ConflictException ({@code bill_already_paid}) if the bill was paid another way;
   *     ({@code marked_paid_with_other_reference}) if it was marked paid by a transfer with another
   *     reference, which the message names
   */
  Bill markPaid(AdminSession session, String billId, String reference);

  /**
   * The open invoices of every account (final bills paid by invoice and not yet paid), for the
   * administrators who mark them paid: the same admins who may {@link #markPaid}.
   *
   * @param session an admin session of an owner of the cashier service ({@code deposits})
   * @return the open invoices, the earliest due first
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin does not own the cashier service
   */
  List<Bill> openInvoices(AdminSession session);
}
