package ch.uncloud.api.credit;

import java.util.List;

/**
 * Runs the configured quota grants: first what is left of expired grants lapses, then each grant is
 * booked once per period and member. Safe to run again, also after an interrupted run: every grant
 * and lapse books under an idempotency key made of the grant's name, the period and the user.
 */
public interface QuotaGrants {
  /**
   * @param session an admin's session
   * @param period a period's label ({@code HS2026}, {@code 2026-Q3}, {@code 2026-03}) to grant for; the
   *     grants of other kinds are left alone; {@code null}: the current period of each grant
   * @param dryRun whether to only report what would be booked
   * @return one result per grant run
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if the period names no
   *     period of any grant, or one that has not started
   * @throws ch.uncloud.api.BadCredentialsException if the session is not valid
   */
  List<QuotaGrantResult> grant(AdminSession session, String period, boolean dryRun);
}
