package ch.uncloud.api.credit;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ServiceName;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A service that books charges (a lab machine, a print service, the cashier that books deposits):
 * who owns it, the largest single booking it may make, and who may use it.
 *
 * <p>Every service uses the credit service's currency. Owners are admin names; owner groups are
 * directory groups whose members also own the service.
 *
 * @param name the service's name
 * @param maxAmount the largest single charge (or deposit) the service may book
 * @param owners admin names that own the service
 * @param ownerGroups directory groups whose members own the service
 * @param accessFilter the directory rule users must match to use the service (an LDAP filter such
 *     as {@code (&(departmentNumber=D-ARCH)(studyYear>=2))}); empty admits every known user
 * @param checkAccessOnCharge whether a charge for a user the access filter refuses is refused
 *     ({@code not_authorized}, nothing booked); {@code false} for a service that bills after the fact,
 *     whose usage was allowed when it started
 * @param creditLimit how far below zero a charge of this service may take an account (the account's
 *     available amount: balance less open holds); {@code null}: unlimited, as the lab's overdraft rule has it
 */
public record ServiceDefinition(ServiceName name, BigDecimal maxAmount, Set<String> owners,
    Set<String> ownerGroups, String accessFilter, boolean checkAccessOnCharge, BigDecimal creditLimit) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param name the service's name
   * @param maxAmount the largest single charge (or deposit) the service may book
   * @param owners admin names that own the service
   * @param ownerGroups directory groups whose members own the service
   * @param accessFilter the directory rule users must match to use the service (an LDAP filter such as {@code (&(departmentNumber=D-ARCH)(studyYear>=2))}); empty admits every known user
   * @param checkAccessOnCharge whether a charge for a user the access filter refuses is refused
   * @param creditLimit how far below zero a charge of this service may take an account; {@code null}: unlimited
   */
  public ServiceDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maxAmount, "maxAmount");
    if (maxAmount.signum() <= 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + name + ": the maximum single charge must be positive");
    }
    owners = Set.copyOf(owners);
    ownerGroups = Set.copyOf(ownerGroups);
    accessFilter = accessFilter == null ? "" : accessFilter.trim();
    if (creditLimit != null && creditLimit.signum() < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + name + ": the credit limit is how far "
          + "below zero a charge may go, so it is zero or positive");
    }
    if (owners.isEmpty() && ownerGroups.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + name + " has no owner; name at least one admin or group");
    }
  }

  /**
   * A service whose charges are checked against its access filter.
   *
   * @param name the service's name
   * @param maxAmount the largest single charge (or deposit) the service may book
   * @param owners admin names that own the service
   * @param ownerGroups directory groups whose members own the service
   * @param accessFilter the directory rule users must match to use the service; empty admits every known user
   */
  public ServiceDefinition(ServiceName name, BigDecimal maxAmount, Set<String> owners, Set<String> ownerGroups,
      String accessFilter) {
    this(name, maxAmount, owners, ownerGroups, accessFilter, true, null);
  }

  /**
   * A service without a credit limit.
   *
   * @param name the service's name
   * @param maxAmount the largest single charge (or deposit) the service may book
   * @param owners admin names that own the service
   * @param ownerGroups directory groups whose members own the service
   * @param accessFilter the directory rule users must match to use the service; empty admits every known user
   * @param checkAccessOnCharge whether a charge for a user the access filter refuses is refused
   */
  public ServiceDefinition(ServiceName name, BigDecimal maxAmount, Set<String> owners, Set<String> ownerGroups,
      String accessFilter, boolean checkAccessOnCharge) {
    this(name, maxAmount, owners, ownerGroups, accessFilter, checkAccessOnCharge, null);
  }

  /**
   * @param name the service's name, e.g. {@code lasercutter}
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(ServiceName.of(name));
  }

  /** Builds a {@link ServiceDefinition}. Not thread-safe. */
  public static final class Builder {
    private final ServiceName name;
    private BigDecimal maxAmount;
    private final Set<String> owners = new LinkedHashSet<>();
    private final Set<String> ownerGroups = new LinkedHashSet<>();
    private String accessFilter = "";
    private boolean checkAccessOnCharge = true;
    private BigDecimal creditLimit;

    private Builder(ServiceName name) {
      this.name = name;
    }

    /**
     * @param amount the largest single charge, e.g. {@code "500.00"}
     * @return this builder
     */
    public Builder maxCharge(String amount) {
      this.maxAmount = plainDecimal(amount, "maximum charge");
      return this;
    }

    /**
     * @param amount how far below zero a charge of this service may take an account, e.g. {@code "20.00"};
     *     {@code "0"} allows no debt. Without it the service's charges are not limited
     * @return this builder
     */
    public Builder creditLimit(String amount) {
      this.creditLimit = plainDecimal(amount, "credit limit");
      return this;
    }

    private BigDecimal plainDecimal(String amount, String what) {
      if (amount == null || !amount.matches("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,18})?")) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + name + ": " + what + " '" + amount
            + "' is not a plain decimal number such as 500.00");
      }
      return new BigDecimal(amount);
    }

    /**
     * @param admins admin names that own the service
     * @return this builder
     */
    public Builder owners(String... admins) {
      owners.addAll(Set.of(admins));
      return this;
    }

    /**
     * @param groups directory groups whose members own the service
     * @return this builder
     */
    public Builder ownerGroups(String... groups) {
      ownerGroups.addAll(Set.of(groups));
      return this;
    }

    /**
     * @param filter an LDAP filter users must match; empty for everyone
     * @return this builder
     */
    public Builder accessFilter(String filter) {
      this.accessFilter = filter;
      return this;
    }

    /**
     * @param check whether charges for users the access filter refuses are refused (the default);
     *     {@code false} for a service that bills after the fact
     * @return this builder
     */
    public Builder checkAccessOnCharge(boolean check) {
      this.checkAccessOnCharge = check;
      return this;
    }

    /**
     * @return the definition
     * @throws InvalidRequestException ({@code invalid_argument}) if it is incomplete
     */
    public ServiceDefinition build() {
      if (maxAmount == null) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + name + " has no maximum single charge; set maxCharge");
      }
      return new ServiceDefinition(name, maxAmount, owners, ownerGroups, accessFilter, checkAccessOnCharge,
          creditLimit);
    }
  }
}
