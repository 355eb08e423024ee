package ch.uncloud.gateway;

import ch.uncloud.api.UncloudException;
import ch.uncloud.api.credit.CreditService;
import java.util.function.Supplier;

/**
 * Reads a booking request (a form, the admin's login, the amount) and refuses it before the credit
 * service is called; what it refuses on the way is handed to {@link CreditService#refusedBeforeCall}
 * with the error code the answer carries, so the core counts it with its own refusals. The counting
 * rule stays in the core; without a meter registry nothing is recorded.
 */
final class BookingRefusals {
  private final CreditService credit;

  BookingRefusals(CreditService credit) {
    this.credit = credit;
  }

  /**
   * @param read reads and checks the request, and returns the booking call to make
   * @param <T> what the booking answers
   * @return what the booking answered; its own refusals are the credit service's to count
   */
  <T> T readThenBook(Supplier<Supplier<T>> read) {
    return read(read).get();
  }

  /**
   * @param read reads and checks (part of) a booking request, before the booking call
   * @param <T> what it reads
   * @return what it read; a refusal is counted and rethrown
   */
  <T> T read(Supplier<T> read) {
    try {
      return read.get();
    } catch (GatewayError e) {
      credit.refusedBeforeCall(e.code());
      throw e;
    } catch (UncloudException e) {
      credit.refusedBeforeCall(e.errorCode());
      throw e;
    }
  }
}
