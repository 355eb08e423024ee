package ch.uncloud.api;

/**
 * Something the shop sells (membership, VM, hosting, VPN, snapshot storage). The catalog and its
 * pricing rules arrive with the shop; this is the common view of a product.
 */
public interface Product {
  /**
   * @return the product's stable code, e.g. {@code ipv6-vm}
   */
  String code();

  /**
   * @return a human-readable name
   */
  String name();

  /**
   * @return a short description for listings
   */
  String description();
}
