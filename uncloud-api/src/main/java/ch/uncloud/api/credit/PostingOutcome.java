package ch.uncloud.api.credit;

import ch.uncloud.api.UncloudException;

/**
 * One entry's outcome in a batch booked by {@link ch.uncloud.spi.Ledger#postAll}: either its posting
 * or the reason the ledger refused it (nothing of it was written).
 *
 * @param posting the posting, or {@code null} if refused
 * @param refusal why it was refused, or {@code null} if booked
 */
public record PostingOutcome(Posting posting, UncloudException refusal) {
  /**
   * Checks that exactly one component is set; each is described with the record.
   *
   * @param posting the posting, or {@code null} if refused
   * @param refusal why it was refused, or {@code null} if booked
   */
  public PostingOutcome {
    if ((posting == null) == (refusal == null)) {
      throw new IllegalArgumentException("an outcome is either a posting or a refusal");
    }
  }

  /**
   * @param posting the posting
   * @return a booked outcome
   */
  public static PostingOutcome booked(Posting posting) {
    return new PostingOutcome(posting, null);
  }

  /**
   * @param refusal why the entry was refused
   * @return a refused outcome
   */
  public static PostingOutcome refused(UncloudException refusal) {
    return new PostingOutcome(null, refusal);
  }
}
