package ch.uncloud.api;

import java.util.List;
import java.util.Objects;

/**
 * Whether an uncloud can serve now: one {@link Check} per component it needs (the ledger, the account
 * directory), each answered within a short timeout. Load balancers and service managers read it
 * through the gateway's {@code /health/ready}.
 *
 * @param checks the components checked, in a stable order
 */
public record Readiness(List<Check> checks) {

  /**
   * @param checks the components checked
   */
  public Readiness {
    checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
  }

  /** @return whether every component answered */
  public boolean ready() {
    return checks.stream().allMatch(Check::up);
  }

  /** @return the names of the components that did not answer, in order */
  public List<String> down() {
    return checks.stream().filter(c -> !c.up()).map(Check::component).toList();
  }

  /**
   * One component's answer.
   *
   * @param component what was checked, e.g. {@code ledger} or {@code directory}
   * @param up whether it answered in time
   */
  public record Check(String component, boolean up) {
    /**
     * @param component what was checked
     * @param up whether it answered in time
     */
    public Check {
      Names.requireText(component, "component", 64);
    }
  }
}
