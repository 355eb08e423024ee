package ch.uncloud.ovh;

import java.time.Clock;
import java.util.Objects;

/** Builds an {@link OvhServerOrdering}. Not thread-safe. */
public final class OvhServerOrderingBuilder {
  final OvhClient client;
  final OvhOrderJournal journal;
  Clock clock = Clock.systemUTC();
  String subsidiary = "FR";
  String defaultRegion = "europe";
  String defaultDatacenter;
  String defaultOperatingSystem = "none_64.en";
  boolean autoPay;
  boolean waiveRetractation;
  boolean ownsClient;

  OvhServerOrderingBuilder(OvhClient client, OvhOrderJournal journal) {
    this.client = client;
    this.journal = journal;
  }

  /**
   * @param clock the clock for journal times (default the system clock)
   * @return this builder
   */
  public OvhServerOrderingBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * @param code the OVH subsidiary (default {@code FR})
   * @return this builder
   */
  public OvhServerOrderingBuilder subsidiary(String code) {
    if (code == null || !OvhServerOrdering.SUBSIDIARIES.contains(code)) {
      throw new ch.uncloud.api.ConfigurationException("unknown OVH subsidiary '" + code + "'; use one of "
          + new java.util.TreeSet<>(OvhServerOrdering.SUBSIDIARIES));
    }
    this.subsidiary = code;
    return this;
  }

  /**
   * @param region region used when a plan needs one and the request has none (default {@code europe})
   * @return this builder
   */
  public OvhServerOrderingBuilder defaultRegion(String region) {
    this.defaultRegion = region;
    return this;
  }

  /**
   * @param datacenter datacenter used by {@link OvhServerOrdering#request} when none is given (default none)
   * @return this builder
   */
  public OvhServerOrderingBuilder defaultDatacenter(String datacenter) {
    this.defaultDatacenter = datacenter;
    return this;
  }

  /**
   * @param operatingSystem OS used by {@link OvhServerOrdering#request} when none is given (default {@code none_64.en})
   * @return this builder
   */
  public OvhServerOrderingBuilder defaultOperatingSystem(String operatingSystem) {
    this.defaultOperatingSystem = operatingSystem;
    return this;
  }

  /**
   * @param enabled pay the order with the account's preferred payment method at checkout (default no)
   * @return this builder
   */
  public OvhServerOrderingBuilder autoPay(boolean enabled) {
    this.autoPay = enabled;
    return this;
  }

  /**
   * @param enabled waive the retractation period at checkout (default no)
   * @return this builder
   */
  public OvhServerOrderingBuilder waiveRetractationPeriod(boolean enabled) {
    this.waiveRetractation = enabled;
    return this;
  }

  /**
   * @param owns whether {@link OvhServerOrdering#close()} closes the client (default no)
   * @return this builder
   */
  public OvhServerOrderingBuilder ownsClient(boolean owns) {
    this.ownsClient = owns;
    return this;
  }

  /**
   * @return the ordering service
   */
  public OvhServerOrdering build() {
    return new OvhServerOrdering(this);
  }
}
