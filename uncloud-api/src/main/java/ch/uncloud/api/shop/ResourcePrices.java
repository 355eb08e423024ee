package ch.uncloud.api.shop;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Monthly prices per VM resource, from which resource-priced products (VMs, hosting) get their
 * monthly price: cores x perCore + RAM GB x perGbRam + disk GB x perGbDisk.
 *
 * @param perCore monthly price of one core
 * @param perGbRam monthly price of one GB of memory
 * @param perGbDisk monthly price of one GB of disk
 */
public record ResourcePrices(BigDecimal perCore, BigDecimal perGbRam, BigDecimal perGbDisk) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param perCore monthly price of one core
   * @param perGbRam monthly price of one GB of memory
   * @param perGbDisk monthly price of one GB of disk
   */
  public ResourcePrices {
    Objects.requireNonNull(perCore, "perCore");
    Objects.requireNonNull(perGbRam, "perGbRam");
    Objects.requireNonNull(perGbDisk, "perGbDisk");
  }

  /**
   * @param parameters checked parameters with {@code cores}, {@code ram_gb} and {@code os_disk_gb}
   * @return the exact monthly price
   */
  public BigDecimal monthly(Map<String, String> parameters) {
    return perCore.multiply(new BigDecimal(parameters.get("cores")))
        .add(perGbRam.multiply(new BigDecimal(parameters.get("ram_gb"))))
        .add(perGbDisk.multiply(new BigDecimal(parameters.get("os_disk_gb"))));
  }
}
