package ch.uncloud.api;

import java.util.UUID;

/**
 * The id of a ledger entry (a charge, deposit or reversal), e.g. the {@code charge_id} the REST
 * gateway returns: 1 to 64 characters of letters, digits, {@code _} and {@code -}.
 *
 * @param value the id
 */
public record EntryId(String value) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param value the id
   */
  public EntryId {
    Names.requirePattern(value, "entry id", "[A-Za-z0-9_-]{1,64}", "use 1 to 64 letters, digits, '_' or '-'");
  }

  /**
   * @return a new random id
   */
  public static EntryId random() {
    return new EntryId(UUID.randomUUID().toString());
  }

  /**
   * @param value the id
   * @return the entry id
   */
  public static EntryId of(String value) {
    return new EntryId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
