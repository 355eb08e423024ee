package ch.uncloud.api.events;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The stable id of an event: the same change always announces itself under the same id, however
 * often it is delivered, so a receiver deduplicates by it. Ids are derived from what happened (the
 * entry, the threshold, the bill and its state, ...) with {@link #derived}, never random.
 *
 * @param value {@code evt_} and a name-based UUID for derived ids; any 1 to 128 characters of
 *     {@code A-Z a-z 0-9 _ . : -} are accepted
 */
public record EventId(String value) {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  /**
   * Checks the components; each is described with the record.
   *
   * @param value the id
   * @throws InvalidRequestException ({@code invalid_argument}) if it is empty, too long or has other characters
   */
  public EventId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "an event id is 1 to 128 letters, digits or "
          + "_ . : -; check the id you copied");
    }
  }

  /**
   * @param value the id
   * @return the id
   * @throws InvalidRequestException ({@code invalid_argument}) if it is malformed
   */
  public static EventId of(String value) {
    return new EventId(value);
  }

  /**
   * The id of the event that {@code name} describes, the same every time: {@code evt_} and the
   * name-based (MD5, version 3) UUID of the name's UTF-8 bytes.
   *
   * @param name what happened, unique among all events, e.g. {@code entry.booked/ENTRY-ID}
   * @return the id
   */
  public static EventId derived(String name) {
    Objects.requireNonNull(name, "name");
    return new EventId("evt_" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return value;
  }
}
