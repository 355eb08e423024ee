package ch.uncloud.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's options of the form {@code --name N}, each a positive whole number, after the
 * benchmark's own name in {@code args[0]}.
 */
final class NumberOptions {
  private final Map<String, Long> values;

  private NumberOptions(Map<String, Long> values) {
    this.values = values;
  }

  /**
   * @param args the benchmark's name, then pairs of option and value
   * @param known the options the benchmark takes
   * @return the options given
   * @throws IllegalArgumentException naming the option, if one is unknown, has no value or a value
   *     that is not a positive whole number
   */
  static NumberOptions parse(String[] args, Set<String> known) {
    Map<String, Long> values = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      values.put(args[i], LedgerBenchmark.positive(args[i], args[i + 1]));
    }
    return new NumberOptions(values);
  }

  /**
   * @param option the option's name
   * @param otherwise the value when it is not given
   * @param most the largest value taken; a larger one is cut to it
   * @return the option's value
   */
  int get(String option, int otherwise, int most) {
    Long value = values.get(option);
    return value == null ? otherwise : (int) Math.min(most, value);
  }
}
