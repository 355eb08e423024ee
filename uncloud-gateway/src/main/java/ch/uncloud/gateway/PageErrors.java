package ch.uncloud.gateway;

import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.UncloudException;
import java.util.Locale;

/**
 * What a page says about a refusal from the core. The core's messages are English and name the exact
 * cause; a page in another language shows its own text for the error code ({@code code.<error_code>} in
 * that language's messages), filled from the data the error carries, and the core's message only for a
 * code it has no text for. The English messages have no such keys: an English page shows the core's
 * own message.
 */
final class PageErrors {
  private PageErrors() {}

  /**
   * @param e the refusal
   * @param locale the page's language
   * @return the sentence to show
   */
  static String describe(UncloudException e, Locale locale) {
    String key = "code." + e.errorCode();
    if (PageRenderer.textOr(locale, key, null) == null) {
      return e.getMessage();
    }
    if (e instanceof InsufficientFundsException funds) {
      return PageRenderer.text(locale, key, PageFormat.money(funds.available()), PageFormat.money(funds.limit()));
    }
    return PageRenderer.text(locale, key);
  }
}
