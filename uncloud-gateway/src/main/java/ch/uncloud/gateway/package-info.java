/**
 * The HTTP layer of uncloud, embeddable on its own: {@link ch.uncloud.gateway.Gateway} serves an
 * {@link ch.uncloud.api.Uncloud} over Jetty 12 (the lab protocol, the shop's {@code /api/v1/}, the
 * payment provider's webhook), configured by {@link ch.uncloud.gateway.GatewaySettings}. It maps
 * requests to service calls and errors to statuses, refuses ambiguous input, and holds no business
 * rule; it depends on uncloud-api and knows no provider.
 */
package ch.uncloud.gateway;
