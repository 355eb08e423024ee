package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Names;

/**
 * The name of a VM snapshot, the same on every disk. RBD addresses snapshots as
 * {@code pool/image@snapshot}, so names are restricted to what is safe everywhere: 1 to
 * {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ - +}, starting with a letter or a
 * digit. Thus no {@code /}, no {@code @}, no {@code :} (a separator in QEMU {@code rbd:} paths), no
 * spaces and no control characters.
 *
 * @param value the name
 */
public record SnapshotName(String value) {
  private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  /** The longest name accepted. */
  public static final int MAX_LENGTH = 128;

  /**
   * @throws InvalidRequestException ({@code invalid_argument}) if the name breaks the rules above
   *
   * @param value the name
   */
  public SnapshotName {
    if (value != null && value.length() > MAX_LENGTH) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "snapshot name is longer than " + MAX_LENGTH + " characters");
    }
    Names.requirePattern(value, "snapshot name", FORMAT,
        "use letters, digits and . _ - + only, starting with a letter or digit (no '/', '@', ':' or spaces)");
  }

  /**
   * @param value the name
   * @return the validated name
   * @throws InvalidRequestException ({@code invalid_argument}) if the name breaks the rules in the class description
   */
  public static SnapshotName of(String value) {
    return new SnapshotName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
