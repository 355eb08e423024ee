package ch.uncloud.api.credit;

import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import java.util.Objects;

/**
 * An allowance granted once per period to each member of a directory group, into their quota pots.
 * A grant adds its amount but no more than brings the pot to the cap; at the end of its period what
 * is left of it lapses (quota is spent oldest grant first), never touching paid credit.
 *
 * @param name the grant's name, part of every idempotency key it books under
 * @param group the directory group whose members receive it
 * @param amount what each member receives per period (positive)
 * @param cap the most a member's quota pot holds after a grant (at least zero)
 * @param period how often it recurs
 * @param service the service that books the grants and lapses
 */
public record QuotaGrant(String name, String group, Money amount, Money cap, QuotaPeriod period, ServiceName service) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param name the grant's name, part of every idempotency key it books under
   * @param group the directory group whose members receive it
   * @param amount what each member receives per period (positive)
   * @param cap the most a member's quota pot holds after a grant (at least zero)
   * @param period how often it recurs
   * @param service the service that books the grants and lapses
   */
  public QuotaGrant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(service, "service");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("grant name '" + name + "' must be lower-case letters, digits and dashes");
    }
    if (group.isBlank()) {
      throw new IllegalArgumentException("grant " + name + " needs a directory group");
    }
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("grant " + name + " needs a positive amount, not " + amount);
    }
    if (cap.isNegative() || !cap.currency().equals(amount.currency())) {
      throw new IllegalArgumentException("grant " + name + " needs a cap of zero or more in " + amount.currency()
          + ", not " + cap);
    }
  }
}
