package ch.uncloud.api.shop;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Metered usage of a usage-priced product (a snapshot's size over time).
 *
 * @param reference a stable id of what was used (e.g. the snapshot id)
 * @param account who pays
 * @param productCode the usage-priced product, e.g. {@code vm-snapshot}
 * @param gigabytes the size in GB during the interval
 * @param from when the usage started
 * @param to when it ended, or {@code null} while it continues
 */
public record UsageRecord(String reference, Username account, String productCode, BigDecimal gigabytes,
    Instant from, Instant to) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param reference a stable id
   * @param account who pays
   * @param productCode the product
   * @param gigabytes the size in GB
   * @param from when the usage started
   * @param to when it ended, or {@code null}
   */
  public UsageRecord {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(productCode, "productCode");
    Objects.requireNonNull(gigabytes, "gigabytes");
    Objects.requireNonNull(from, "from");
    if (gigabytes.signum() < 0 || (to != null && to.isBefore(from))) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "usage " + reference + " has a negative size or ends before it starts");
    }
  }
}
