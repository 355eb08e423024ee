package ch.uncloud.api.shop;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A product of the shop's catalog with its pricing rules.
 *
 * @param code the stable code, e.g. {@code ipv6-vm}
 * @param name a human-readable name
 * @param description a short description
 * @param requiresMembership whether an active membership is needed to order it
 * @param maxActivePerAccount how many may be active per account at once; 0 for no limit
 * @param oneTime the one-time fee, charged once when the order starts (zero if none)
 * @param monthly the fixed monthly price (zero if none or resource-priced)
 * @param resourcePriced whether the monthly price comes from the resource price table
 * @param freeWithActive product codes whose active order makes this product free (the VPN)
 * @param usageRatePerGbSecond the price per GB and second of usage (snapshots), or zero
 * @param orderable whether customers order it directly (snapshots are created, not ordered)
 * @param parameters the parameters an order must give
 */
public record Product(String code, String name, String description, boolean requiresMembership,
    int maxActivePerAccount, BigDecimal oneTime, BigDecimal monthly, boolean resourcePriced,
    Set<String> freeWithActive, BigDecimal usageRatePerGbSecond, boolean orderable, List<ParameterSpec> parameters) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param code the stable code
   * @param name a human-readable name
   * @param description a short description
   * @param requiresMembership whether an active membership is needed
   * @param maxActivePerAccount how many may be active per account at once
   * @param oneTime the one-time fee
   * @param monthly the fixed monthly price
   * @param resourcePriced whether the monthly price comes from the resource price table
   * @param freeWithActive product codes that make this product free
   * @param usageRatePerGbSecond the usage price per GB and second
   * @param orderable whether customers order it directly
   * @param parameters the parameters an order must give
   */
  public Product {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(oneTime, "oneTime");
    Objects.requireNonNull(monthly, "monthly");
    Objects.requireNonNull(usageRatePerGbSecond, "usageRatePerGbSecond");
    freeWithActive = Set.copyOf(freeWithActive);
    parameters = List.copyOf(parameters);
  }

  /**
   * Checks order parameters against this product's specification.
   *
   * @param given the parameters of an order
   * @return the parameters in specification order
   * @throws InvalidRequestException ({@code invalid_argument}) naming the first missing, unknown or out-of-range parameter
   */
  public Map<String, String> checkParameters(Map<String, String> given) {
    for (String key : given.keySet()) {
      if (parameters.stream().noneMatch(p -> p.name().equals(key))) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, code + " has no parameter '" + key + "'"
            + (parameters.isEmpty() ? "; it takes none" : "; it takes " + parameters.stream().map(ParameterSpec::name).toList()));
      }
    }
    Map<String, String> checked = new LinkedHashMap<>();
    for (ParameterSpec spec : parameters) {
      String value = given.get(spec.name());
      spec.check(code, value);
      checked.put(spec.name(), value);
    }
    return checked;
  }
}
