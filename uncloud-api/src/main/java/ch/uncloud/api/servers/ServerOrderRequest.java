package ch.uncloud.api.servers;

import java.util.Objects;

/**
 * What to order: one server of a plan, configured.
 *
 * @param planCode the plan
 * @param datacenter e.g. {@code gra}
 * @param operatingSystem e.g. {@code none_64.en}
 * @param region e.g. {@code europe}, or {@code null} when the plan needs none
 */
public record ServerOrderRequest(String planCode, String datacenter, String operatingSystem, String region) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param planCode the plan
   * @param datacenter e.g. {@code gra}
   * @param operatingSystem e.g. {@code none_64.en}
   * @param region e.g. {@code europe}, or {@code null} when the plan needs none
   */
  public ServerOrderRequest {
    Objects.requireNonNull(planCode, "planCode");
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(operatingSystem, "operatingSystem");
  }
}
