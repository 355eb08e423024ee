package ch.uncloud.api;

import java.time.Instant;
import java.util.Optional;

/** An immutable order of a product by a user. Changing an order means a new order replacing it. */
public interface Order {
  /**
   * @return the order's id
   */
  String id();

  /**
   * @return who ordered
   */
  Username account();

  /**
   * @return the ordered product's code
   */
  String productCode();

  /**
   * @return when the order starts
   */
  Instant startsAt();

  /**
   * @return when it ends, if it has ended or is cancelled
   */
  Optional<Instant> endsAt();
}
