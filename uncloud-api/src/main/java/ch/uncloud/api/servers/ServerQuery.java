package ch.uncloud.api.servers;

import java.math.BigDecimal;

/**
 * Filters for a server catalog search; {@code null} means "any".
 *
 * @param family only this product family
 * @param maxMonthlyPrice only plans at most this expensive per month
 * @param minMemoryGb only plans with at least this much memory
 */
public record ServerQuery(String family, BigDecimal maxMonthlyPrice, Integer minMemoryGb) {
  /**
   * @return a query that matches every plan
   */
  public static ServerQuery any() {
    return new ServerQuery(null, null, null);
  }
}
