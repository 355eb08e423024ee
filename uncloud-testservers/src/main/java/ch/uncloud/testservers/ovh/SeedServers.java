package ch.uncloud.testservers.ovh;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The small dedicated-server catalog {@link FakeOvhServer} sells by default (in EUR, as OVH's
 * {@code FR} subsidiary sells). The testkit's {@code ch.uncloud.testkit.SeedServers} holds the same
 * plans for its in-memory fake and the server-ordering contract (this module may not depend on the
 * testkit); uncloud-ovh's tests check that the two agree, and its contract test runs against this
 * catalog.
 */
public final class SeedServers {
  /** Euro, the seed catalog's currency. */
  public static final Currency EUR = Currency.getInstance("EUR");
  /** Operating systems the seed plans accept. */
  public static final List<String> OPERATING_SYSTEMS = List.of("none_64.en", "debian12_64", "ubuntu2404-server_64");
  /** Regions the seed plans accept. */
  public static final List<String> REGIONS = List.of("europe", "north_america");

  private static final List<Plan> PLANS = List.of(
      new Plan("24ska01", "kimsufi", "KS-A | Intel Atom N2800", 4, "4.99", "0.00", List.of("gra", "rbx")),
      new Plan("24sk10", "kimsufi", "KS-1 | Intel Xeon E3-1230v6", 16, "9.99", "0.00", List.of("gra", "sbg")),
      new Plan("24sys012", "soyoustart", "SYS-1 | Intel Xeon E-2136", 32, "29.99", "0.00", List.of("gra", "rbx", "sbg")),
      new Plan("24rise01", "rise", "RISE-1 | Intel Xeon-E 2386G", 64, "59.99", "0.00", List.of("gra", "rbx", "bhs")),
      new Plan("24adv01", "advance", "ADVANCE-1 | AMD EPYC 4244P", 64, "79.99", "49.99", List.of("gra", "bhs")));

  private SeedServers() {}

  /**
   * One plan of the seed catalog.
   *
   * @param planCode OVH plan code
   * @param family product family
   * @param invoiceName description
   * @param memoryGb main memory in GB
   * @param monthlyPrice monthly price without tax
   * @param installationPrice one-time installation price without tax
   * @param datacenters datacenters it can be delivered to
   */
  public record Plan(String planCode, String family, String invoiceName, int memoryGb, BigDecimal monthlyPrice,
      BigDecimal installationPrice, List<String> datacenters) {
    /** Copies the datacenters. */
    public Plan {
      Objects.requireNonNull(planCode, "planCode");
      datacenters = List.copyOf(datacenters);
    }

    Plan(String planCode, String family, String invoiceName, int memoryGb, String monthly, String installation,
        List<String> datacenters) {
      this(planCode, family, invoiceName, memoryGb, new BigDecimal(monthly), new BigDecimal(installation), datacenters);
    }

    /**
     * @return the price of the first month: the monthly price plus installation, without tax
     */
    public BigDecimal firstMonthPrice() {
      return monthlyPrice.add(installationPrice);
    }
  }

  /**
   * @return every seed plan
   */
  public static List<Plan> plans() {
    return PLANS;
  }

  /**
   * @param planCode a plan code
   * @return the seed plan, if there is one
   */
  public static Optional<Plan> plan(String planCode) {
    return PLANS.stream().filter(p -> p.planCode().equals(planCode)).findFirst();
  }
}
