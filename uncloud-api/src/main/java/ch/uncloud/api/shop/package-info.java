/**
 * The shop: the product {@link ch.uncloud.api.shop.Catalog}, {@link ch.uncloud.api.shop.Order}s
 * placed through the {@link ch.uncloud.api.shop.OrderService} (a {@link ch.uncloud.api.shop.PlacedOrder}
 * says whether a call placed or replayed one), and monthly
 * {@link ch.uncloud.api.shop.Bill}s from the {@link ch.uncloud.api.shop.BillingService}.
 */
package ch.uncloud.api.shop;
