package ch.uncloud.api.credit;

import ch.uncloud.api.Money;

/**
 * What one run of a grant did (or, in a dry run, would do) for one period.
 *
 * @param grant the grant's name
 * @param period the period's label, e.g. {@code HS2026}
 * @param members the group's members
 * @param booked the grants booked by this run (a dry run: that it would book)
 * @param alreadyBooked the members granted for this period before (by an earlier or interrupted run)
 * @param granted the sum this run added to quota pots (a dry run: at most, as the pots are now)
 * @param lapsed the sum of the expired grants' remainders that lapsed in this run
 * @param dryRun whether nothing was booked
 */
public record QuotaGrantResult(String grant, String period, int members, int booked, int alreadyBooked, Money granted,
    Money lapsed, boolean dryRun) {}
