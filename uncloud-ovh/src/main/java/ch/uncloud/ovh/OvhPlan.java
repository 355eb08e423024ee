package ch.uncloud.ovh;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * One dedicated-server plan of OVH's catalog as someone about to order it needs to see it: what it
 * costs each month and once at setup, and where it can be delivered.
 *
 * @param planCode e.g. {@code 24adv01}
 * @param family e.g. {@code advance}
 * @param description OVH's invoice name
 * @param monthlyPrice the renewal price per month, without tax
 * @param setupFee the one-time installation price, without tax (0 if none)
 * @param currency the prices' currency
 * @param datacenters the datacenters OVH delivers this plan to, for {@code dedicated_datacenter}
 * @param operatingSystems the systems OVH installs on it, for {@code dedicated_os}
 * @param regions the regions it can be ordered for, for {@code region}
 */
public record OvhPlan(String planCode, String family, String description, BigDecimal monthlyPrice,
    BigDecimal setupFee, Currency currency, List<String> datacenters, List<String> operatingSystems,
    List<String> regions) {
  /**
   * Copies the lists; each component is described with the record.
   *
   * @param planCode e.g. {@code 24adv01}
   * @param family e.g. {@code advance}
   * @param description OVH's invoice name
   * @param monthlyPrice the monthly price without tax
   * @param setupFee the installation price without tax
   * @param currency the prices' currency
   * @param datacenters the datacenters it takes
   * @param operatingSystems the systems it takes
   * @param regions the regions it takes
   */
  public OvhPlan {
    datacenters = List.copyOf(datacenters);
    operatingSystems = List.copyOf(operatingSystems);
    regions = List.copyOf(regions);
  }

  /**
   * @param label {@code dedicated_datacenter}, {@code dedicated_os} or {@code region}
   * @return the values OVH accepts for it; empty if the catalog lists none
   */
  public List<String> allowed(String label) {
    return switch (label) {
      case "dedicated_datacenter" -> datacenters;
      case "dedicated_os" -> operatingSystems;
      case "region" -> regions;
      default -> List.of();
    };
  }

  /**
   * @return what the first month costs: the monthly price plus the setup fee, without tax
   */
  public BigDecimal firstMonth() {
    return monthlyPrice.add(setupFee);
  }
}
