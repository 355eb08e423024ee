package ch.uncloud.api.credit;

import ch.uncloud.api.Names;

/**
 * The id of a {@link Hold}: opaque, unique in its ledger.
 *
 * @param value the id's text
 */
public record HoldId(String value) {
  /**
   * Checks the id.
   *
   * @param value the id's text
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if it is empty or malformed
   */
  public HoldId {
    Names.requireId(value, "hold id");
  }

  /**
   * @return a new id, unique in this process and with overwhelming likelihood across processes
   */
  public static HoldId random() {
    return new HoldId("h" + EntryId.random().value());
  }

  /**
   * @param value the id's text, as a caller sent it
   * @return the id
   * @throws ch.uncloud.api.InvalidRequestException ({@code invalid_argument}) if it is malformed
   */
  public static HoldId of(String value) {
    return new HoldId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
