package ch.uncloud.api.payments;

import ch.uncloud.api.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A started card registration as the card holder's front end needs it: the setup to confirm with the
 * payment provider's own widget and the provider's publishable key to load that widget with. Card data
 * never passes through uncloud.
 *
 * @param setupId the provider's id of the setup (e.g. a Stripe SetupIntent id); complete it with
 *     {@link Cards#complete}
 * @param clientSecret the secret the front end confirms the setup with; hand it only to the card holder
 * @param publishableKey the provider's public key for its widget, if the provider has one
 */
public record CardRegistration(String setupId, Secret clientSecret, Optional<String> publishableKey) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param setupId the provider's id of the setup
   * @param clientSecret the secret the front end confirms the setup with
   * @param publishableKey the provider's public key for its widget, if the provider has one
   */
  public CardRegistration {
    Objects.requireNonNull(setupId, "setupId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(publishableKey, "publishableKey");
  }
}
