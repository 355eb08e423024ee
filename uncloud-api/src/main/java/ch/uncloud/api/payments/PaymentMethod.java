package ch.uncloud.api.payments;

import java.util.Objects;

/**
 * A saved card as uncloud may keep it: the provider's id, brand, last four digits and expiry. Never
 * a card number.
 *
 * @param id the payment provider's id, e.g. {@code pm_1Nx...}
 * @param brand e.g. {@code visa}
 * @param last4 the last four digits
 * @param expMonth expiry month, 1 to 12
 * @param expYear expiry year
 * @param isDefault whether off-session charges use this card
 */
public record PaymentMethod(String id, String brand, String last4, int expMonth, int expYear, boolean isDefault) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param id the payment provider's id, e.g. {@code pm_1Nx...}
   * @param brand e.g. {@code visa}
   * @param last4 the last four digits
   * @param expMonth expiry month, 1 to 12
   * @param expYear expiry year
   * @param isDefault whether off-session charges use this card
   */
  public PaymentMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(brand, "brand");
    if (last4 == null || !last4.matches("[0-9]{4}")) {
      throw new IllegalArgumentException("last4 must be exactly four digits");
    }
  }
}
