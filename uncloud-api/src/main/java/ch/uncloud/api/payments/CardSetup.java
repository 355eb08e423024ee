package ch.uncloud.api.payments;

import ch.uncloud.api.Secret;
import java.util.Objects;

/**
 * A started card registration: the front end confirms it with the payment provider's own widget
 * using the client secret, so card data never passes through uncloud.
 *
 * @param setupId the provider's id of the setup (e.g. a Stripe SetupIntent id)
 * @param clientSecret the secret the front end needs; hand it only to the account's owner
 */
public record CardSetup(String setupId, Secret clientSecret) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param setupId the provider's id of the setup (e.g. a Stripe SetupIntent id)
   * @param clientSecret the secret the front end needs; hand it only to the account's owner
   */
  public CardSetup {
    Objects.requireNonNull(setupId, "setupId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }
}
