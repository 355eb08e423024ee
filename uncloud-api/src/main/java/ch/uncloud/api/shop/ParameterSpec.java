package ch.uncloud.api.shop;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/**
 * One parameter a product takes when ordered, e.g. {@code cores} (an integer from 1 to 16) or
 * {@code os} (one of a list of choices).
 *
 * @param name the parameter's name
 * @param type integer or choice
 * @param min the smallest allowed integer (integers only)
 * @param max the largest allowed integer (integers only)
 * @param choices the allowed values (choices only)
 */
public record ParameterSpec(String name, Type type, long min, long max, List<String> choices) {

  /** The kinds of parameter. */
  public enum Type {
    /** A whole number within [min, max]. */
    INTEGER,
    /** One of a fixed list of values. */
    CHOICE
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param name the parameter's name
   * @param type integer or choice
   * @param min the smallest allowed integer
   * @param max the largest allowed integer
   * @param choices the allowed values
   */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    choices = List.copyOf(choices);
  }

  /**
   * Checks one value of this parameter.
   *
   * @param product the product being ordered, for the message
   * @param value the value given, or {@code null}
   * @return the value as a number (integers) or 0 (choices)
   * @throws InvalidRequestException ({@code invalid_argument}) if the value is missing, malformed or out of range
   */
  public long check(String product, String value) {
    String where = "parameter " + name + " of " + product;
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, where + " is missing");
    }
    if (type == Type.CHOICE) {
      if (!choices.contains(value)) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, where + " must be one of " + choices);
      }
      return 0;
    }
    if (!value.matches("[0-9]{1,9}")) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, where + " must be a whole number from " + min + " to " + max);
    }
    long number = Long.parseLong(value);
    if (number < min || number > max) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, where + " must be from " + min + " to " + max + ", got " + number);
    }
    return number;
  }
}
